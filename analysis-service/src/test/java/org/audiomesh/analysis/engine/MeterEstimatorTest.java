package org.audiomesh.analysis.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MeterEstimatorTest {

    private static final int PERIOD = 20;

    @Test
    void louderEveryThirdBeatIsThreeFourWithTheLoudBeatsAsDownbeats() {
        Meter meter = new MeterEstimator().estimate(grid(1, 24), envelope(24, 3, 2), null);

        assertEquals("3/4", meter.timeSignature());
        assertEquals(3, meter.beatsPerBar());
        assertEquals(2, meter.firstDownbeat());
        assertArrayEquals(new int[] {2, 5, 8}, java.util.Arrays.copyOf(meter.downbeatIndices(24), 3));
        assertTrue(meter.confidence() > 0.8);
    }

    @Test
    void louderEveryFourthBeatIsFourFour() {
        Meter meter = new MeterEstimator().estimate(grid(1, 24), envelope(24, 4, 1), null);

        assertEquals("4/4", meter.timeSignature());
        assertEquals(1, meter.firstDownbeat());
    }

    @Test
    void unaccentedBeatsFallBackToFourFourWithLowConfidence() {
        Meter meter = new MeterEstimator().estimate(grid(1, 24), envelope(24, 0, 0), null);

        assertEquals("4/4", meter.timeSignature());
        assertTrue(meter.confidence() < 0.3, "confidence " + meter.confidence());
    }

    @Test
    void chordChangesEveryFourBeatsMarkTheDownbeatsWhenTheBeatsAreEven() {
        Meter meter = new MeterEstimator().estimate(grid(1, 24), envelope(24, 0, 0), chords(24, 4, 3));

        assertEquals("4/4", meter.timeSignature());
        assertEquals(3, meter.firstDownbeat());
    }

    @Test
    void strongEveryOtherBeatWithChordsChangingEveryTwoBeatsIsTwoFour() {
        Meter meter = new MeterEstimator().estimate(grid(1, 24), envelope(24, 2, 0), chords(24, 2, 0));

        assertEquals("2/4", meter.timeSignature());
        assertEquals(2, meter.beatsPerBar());
        assertEquals(0, meter.firstDownbeat());
    }

    @Test
    void beatsThreeApartAreAlikeInThreeFourAndFourApartInFourFour() {
        double[] waltz = new double[30];
        double[] march = new double[30];
        for (int i = 0; i < 30; i++) {
            waltz[i] = i % 3 == 0 ? 2 : -1;
            march[i] = i % 4 == 0 ? 3 : -1;
        }
        double[][] w = {waltz};
        double[][] m = {march};

        assertTrue(MeterEstimator.lagCorrelation(w, 3) > MeterEstimator.lagCorrelation(w, 2));
        assertTrue(MeterEstimator.lagCorrelation(w, 3) > MeterEstimator.lagCorrelation(w, 4));
        assertTrue(MeterEstimator.lagCorrelation(m, 4) > MeterEstimator.lagCorrelation(m, 3));
        assertTrue(MeterEstimator.lagCorrelation(m, 4) > MeterEstimator.lagCorrelation(m, 2));
    }

    @Test
    void tooFewBeatsHaveNoMeter() {
        Meter meter = new MeterEstimator().estimate(grid(1, 5), envelope(5, 3, 0), null);

        assertNull(meter.timeSignature());
        assertEquals(0, meter.downbeatIndices(5).length);
    }

    /**
     * Chroma alternating between a C and a G major triad, changing every {@code span} beats
     * starting at beat {@code phase}.
     */
    private static float[] chords(int beats, int span, int phase) {
        int frames = (beats + 1) * PERIOD + 5;
        float[] chroma = new float[frames * Chromagram.PITCH_CLASSES];
        for (int t = 0; t < frames; t++) {
            int beat = (t - 1) / PERIOD;
            int chord = Math.floorDiv(beat - phase, span) & 1;
            int[] notes = chord == 0 ? new int[] {0, 4, 7} : new int[] {7, 11, 2};
            for (int pc : notes) {
                chroma[t * Chromagram.PITCH_CLASSES + pc] = 1f / 3;
            }
        }
        return chroma;
    }

    private static int[] grid(int first, int count) {
        int[] beats = new int[count];
        for (int i = 0; i < count; i++) {
            beats[i] = first + i * PERIOD;
        }
        return beats;
    }

    /** Onsets on every beat; every {@code barLength}-th from {@code phase} 6 dB louder (0: none). */
    private static OnsetEnvelope envelope(int beats, int barLength, int phase) {
        int frames = (beats + 1) * PERIOD + 5;
        float[] flux = new float[frames];
        float[] low = new float[frames];
        float[] energy = new float[frames];
        java.util.Arrays.fill(energy, 1e-6f);
        for (int i = 0; i < beats; i++) {
            int t = 1 + i * PERIOD;
            boolean accent = barLength > 0 && i % barLength == phase;
            flux[t] = accent ? 12f : 8f;
            low[t] = accent ? 10f : 5f;
            energy[t] = accent ? 0.4f : 0.1f;
        }
        return new OnsetEnvelope(22_050.0 / 512, flux, OnsetStrength.minusLocalMean(flux, 65), low, energy);
    }
}
