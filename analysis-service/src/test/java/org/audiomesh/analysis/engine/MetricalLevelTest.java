package org.audiomesh.analysis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MetricalLevelTest {

    private final MetricalLevel level = new MetricalLevel();

    @Test
    void onsetsHalfwayBetweenBeatsAsStrongAsOnThemDoubleTheTempo() {
        // tracked at 80 BPM (beats every 32 frames) over a backbeat every 16 frames, with
        // hi-hats between those (every 16 frames from frame 8)
        float[] flux = withHats(pulse(640, 16, 1f, 1f), 8, 16, 0.3f);
        assertEquals(2.0, level.correction(flux, grid(0, 32, 20), 80));
    }

    @Test
    void strongOffBeatsWithoutFasterSubdivisionsAreASyncopatedGrooveNotADoubleTempo() {
        // at 90 BPM, off-beats as strong as the beats but nothing at the quarter-beat positions:
        // 180 BPM would be the fastest pulse of the music, so the beat stays at 90
        float[] flux = pulse(640, 16, 1f, 0.9f);
        assertEquals(1.0, level.correction(flux, grid(0, 32, 20), 90));
    }

    @Test
    void doublingStopsAt190Bpm() {
        float[] flux = withHats(pulse(640, 16, 1f, 1f), 8, 16, 0.3f);
        assertEquals(1.0, level.correction(flux, grid(0, 32, 20), 100));
    }

    @Test
    void aBackbeatWithNothingOnThreeIsNotHalved() {
        // kick on 1, side stick on 2 and 4, nothing on 3: 1 and 3 together are on average
        // stronger than 2 and 4, but beat 3 is weaker than both of them
        float[] flux = new float[640];
        for (int bar = 0; bar < 10; bar++) {
            flux[bar * 64] = 1f;
            flux[bar * 64 + 16] = 0.45f;
            flux[bar * 64 + 48] = 0.45f;
        }
        assertEquals(1.0, level.correction(flux, grid(0, 16, 40), 124));
    }

    @Test
    void everyOtherBeatMuchWeakerHalvesTheTempo() {
        // tracked at 120 BPM over a 60 BPM beat with eighth-note hi-hats
        float[] flux = pulse(640, 16, 1f, 0.3f);
        assertEquals(0.5, level.correction(flux, grid(0, 16, 40), 120));
    }

    @Test
    void theFasterTheBeatTheMoreReadilyItIsHalved() {
        assertEquals(0.55, MetricalLevel.halvingThreshold(120), 1e-9);
        assertEquals(0.70, MetricalLevel.halvingThreshold(240), 1e-9);
        // alternate beats at 0.6 of the others: kept at 120 BPM, halved at 170 BPM
        float[] flux = pulse(640, 16, 1f, 0.6f);
        assertEquals(1.0, level.correction(flux, grid(0, 16, 40), 120));
        assertEquals(0.5, level.correction(flux, grid(0, 16, 40), 170));
    }

    @Test
    void kickAndSnareOfSimilarStrengthKeepTheTempo() {
        float[] flux = pulse(640, 16, 1f, 0.8f);
        float[] withHats = flux.clone();
        for (int t = 8; t < withHats.length; t += 16) {
            withHats[t] = 0.3f;
        }
        assertEquals(1.0, level.correction(withHats, grid(0, 16, 40), 100));
    }

    /** Impulses every {@code period} frames, alternately of height a and b. */
    private static float[] withHats(float[] flux, int first, int every, float level) {
        for (int t = first; t < flux.length; t += every) {
            flux[t] = Math.max(flux[t], level);
        }
        return flux;
    }

    private static float[] pulse(int frames, int period, float a, float b) {
        float[] x = new float[frames];
        for (int t = 0, i = 0; t < frames; t += period, i++) {
            x[t] = i % 2 == 0 ? a : b;
        }
        return x;
    }

    private static int[] grid(int first, int step, int count) {
        int[] beats = new int[count];
        for (int i = 0; i < count; i++) {
            beats[i] = first + i * step;
        }
        return beats;
    }
}
