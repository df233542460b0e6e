package org.audiomesh.analysis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BeatTrackerTest {

    @Test
    void beatsLandOnImpulsesThatDriftAwayFromThePeriod() {
        // onsets every 20 frames, then every 22 (a tempo change of 10 %), tracked with period 21
        float[] x = new float[600];
        int[] truth = new int[26];
        int t = 10;
        for (int i = 0; i < truth.length; i++) {
            truth[i] = t;
            x[t] = 1f;
            t += i < 13 ? 20 : 22;
        }

        int[] beats = new BeatTracker().track(OnsetStrength.minusLocalMean(x, 65), 21.0);

        assertEquals(truth.length, beats.length, Arrays.toString(beats));
        for (int i = 0; i < truth.length; i++) {
            assertEquals(truth[i], beats[i], 1, "beat " + i);
        }
    }

    @Test
    void noBeatsAreInventedInTheSilenceBeforeTheMusic() {
        float[] x = new float[500];
        for (int t = 200; t < x.length; t += 25) {
            x[t] = 1f;
        }

        int[] beats = new BeatTracker().track(OnsetStrength.minusLocalMean(x, 65), 25.0);

        assertTrue(beats.length >= 11, Arrays.toString(beats));
        assertEquals(200, beats[0], 1, Arrays.toString(beats));
    }

    @Test
    void aMissingOnsetIsBridgedByABeatOnTheGrid() {
        float[] x = new float[400];
        for (int t = 10; t < x.length; t += 30) {
            if (t != 160) {
                x[t] = 1f;
            }
        }

        int[] beats = new BeatTracker().track(OnsetStrength.minusLocalMean(x, 65), 30.0);

        assertTrue(Arrays.stream(beats).anyMatch(b -> Math.abs(b - 160) <= 1), Arrays.toString(beats));
    }

    @Test
    void aPeriodPerFrameTracksBeatsThatSpeedUpByAThird() {
        // onsets every 30 frames at first, every 20 at the end; the per-frame period follows them
        float[] x = new float[900];
        double[] periods = new double[x.length];
        java.util.List<Integer> truth = new java.util.ArrayList<>();
        double t = 10;
        while (t < x.length - 5) {
            truth.add((int) Math.round(t));
            x[(int) Math.round(t)] = 1f;
            t += 30 - 10 * t / x.length;
        }
        for (int i = 0; i < periods.length; i++) {
            periods[i] = 30 - 10.0 * i / x.length;
        }

        int[] beats = new BeatTracker().track(OnsetStrength.minusLocalMean(x, 65), periods);

        assertEquals(truth.size(), beats.length, Arrays.toString(beats));
        for (int i = 0; i < beats.length; i++) {
            assertEquals(truth.get(i), beats[i], 1, "beat " + i);
        }
    }

    @Test
    void flatEnvelopeHasNoBeats() {
        assertEquals(0, new BeatTracker().track(new float[300], 20.0).length);
    }
}
