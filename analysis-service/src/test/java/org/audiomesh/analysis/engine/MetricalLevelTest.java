package org.audiomesh.analysis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MetricalLevelTest {

    private final MetricalLevel level = new MetricalLevel();

    @Test
    void onsetsHalfwayBetweenBeatsAsStrongAsOnThemDoubleTheTempo() {
        // tracked at 80 BPM (beats every 32 frames) over a backbeat every 16 frames
        float[] flux = pulse(640, 16, 1f, 1f);
        assertEquals(2.0, level.correction(flux, grid(0, 32, 20), 80));
    }

    @Test
    void doublingStopsAt180Bpm() {
        float[] flux = pulse(640, 16, 1f, 1f);
        assertEquals(1.0, level.correction(flux, grid(0, 32, 20), 100));
    }

    @Test
    void everyOtherBeatMuchWeakerHalvesTheTempo() {
        // tracked at 120 BPM over a 60 BPM beat with eighth-note hi-hats
        float[] flux = pulse(640, 16, 1f, 0.3f);
        assertEquals(0.5, level.correction(flux, grid(0, 16, 40), 120));
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
