package org.audiomesh.analysis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TempoEstimatorTest {

    private static final double RATE = 22_050.0 / 512;

    @Test
    void impulsesEveryPeriodGiveThatTempo() {
        for (double bpm : new double[] {72, 96, 128, 165}) {
            TempoEstimate tempo = new TempoEstimator().estimate(impulses(bpm, 30, 1f, 1f), RATE).orElseThrow();
            assertEquals(bpm, tempo.bpm(), bpm * 0.02, "at " + bpm);
            assertTrue(tempo.confidence() > 0.5, "confidence " + tempo.confidence());
        }
    }

    @Test
    void priorPicksTheLevelNearest120BpmWhenEveryLevelIsEquallyPeriodic() {
        // impulses at 240 BPM are also periodic at 120 and 60; 120 is the prior's centre
        TempoEstimate tempo = new TempoEstimator().estimate(impulses(240, 30, 1f, 1f), RATE).orElseThrow();
        assertEquals(120, tempo.bpm(), 120 * 0.03);
    }

    @Test
    void strongerEveryOtherImpulseDoesNotHalveA100BpmPulse() {
        TempoEstimate tempo = new TempoEstimator().estimate(impulses(100, 30, 1f, 0.6f), RATE).orElseThrow();
        assertEquals(100, tempo.bpm(), 2);
    }

    @Test
    void flatEnvelopeHasNoTempo() {
        assertEquals(Optional.empty(), new TempoEstimator().estimate(new float[2000], RATE));
    }

    @Test
    void whiteNoiseEnvelopeHasLowConfidence() {
        Random random = new Random(11);
        float[] x = new float[3000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        double confidence = new TempoEstimator().estimate(x, RATE).map(TempoEstimate::confidence).orElse(0.0);
        assertTrue(confidence < 0.1, "confidence " + confidence);
    }

    @Test
    void pathFollowsATempoDriftingFrom100To125Bpm() {
        int n = (int) (60 * RATE);
        float[] x = new float[n];
        for (double t = 5; t < n; ) {
            x[(int) Math.round(t)] = 1f;
            double bpm = 100 + 25 * t / n;
            t += RATE * 60 / bpm;
        }
        TempoPath path = new TempoEstimator().path(OnsetStrength.minusLocalMean(x, 65), RATE).orElseThrow();

        for (double at : new double[] {0.2, 0.5, 0.8}) {
            int t = (int) (at * n);
            double bpm = 60 * RATE / path.periodFrames()[t];
            assertEquals(100 + 25 * at, bpm, (100 + 25 * at) * 0.03, "at " + at);
        }
        assertTrue(path.spread() > 1.15, "spread " + path.spread());
        assertTrue(path.confidence() > 0.4, "confidence " + path.confidence());
    }

    @Test
    void pathOfASteadyTempoIsFlat() {
        TempoPath path = new TempoEstimator().path(impulses(117, 40, 1f, 1f), RATE).orElseThrow();

        assertTrue(path.spread() < 1.02, "spread " + path.spread());
        assertEquals(117, 60 * RATE / path.medianPeriod(), 117 * 0.02);
    }

    @Test
    void noPathForLessThanOneWindow() {
        assertEquals(Optional.empty(), new TempoEstimator().path(impulses(120, 5, 1f, 1f), RATE));
    }

    /** Zero-mean envelope with an impulse per beat (alternately {@code a} and {@code b} high). */
    static float[] impulses(double bpm, double seconds, float a, float b) {
        int n = (int) (seconds * RATE);
        float[] x = new float[n];
        double period = RATE * 60 / bpm;
        int i = 0;
        for (double t = 5; t < n; t += period, i++) {
            x[(int) Math.round(t)] = i % 2 == 0 ? a : b;
        }
        return OnsetStrength.minusLocalMean(x, 65);
    }
}
