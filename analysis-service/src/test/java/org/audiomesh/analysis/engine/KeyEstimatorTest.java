package org.audiomesh.analysis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyEstimatorTest {

    private final KeyEstimator keys = new KeyEstimator();

    @Test
    void notesOfIIVVIInEveryMajorKeyGiveThatKey() {
        for (int tonic = 0; tonic < 12; tonic++) {
            double[] profile = partials(tonic, new int[][] {{0, 4, 7}, {5, 9, 0}, {7, 11, 2}, {0, 4, 7}});
            KeyEstimate key = keys.estimate(profile);
            assertEquals(KeyEstimator.TONICS[tonic], key.key(), "tonic " + tonic);
            assertEquals("major", key.mode(), "tonic " + tonic);
        }
    }

    @Test
    void notesOfIIvVIWithTheLeadingToneInEveryMinorKeyGiveThatKey() {
        for (int tonic = 0; tonic < 12; tonic++) {
            double[] profile = partials(tonic, new int[][] {{0, 3, 7}, {5, 8, 0}, {7, 11, 2}, {0, 3, 7}});
            KeyEstimate key = keys.estimate(profile);
            assertEquals(KeyEstimator.TONICS[tonic], key.key(), "tonic " + tonic);
            assertEquals("minor", key.mode(), "tonic " + tonic);
        }
    }

    @Test
    void aFlatOrEmptyProfileHasNoKey() {
        assertSame(KeyEstimate.UNKNOWN, keys.estimate(new double[12]));
        double[] flat = new double[12];
        java.util.Arrays.fill(flat, 3.0);
        assertSame(KeyEstimate.UNKNOWN, keys.estimate(flat));
    }

    @Test
    void aClearKeyIsMoreConfidentThanAnAmbiguousOne() {
        double clear = keys.estimate(partials(2, new int[][] {{0, 4, 7}, {5, 9, 0}, {7, 11, 2}, {0, 4, 7}})).confidence();
        // C and G major triads only: C major or G major
        double ambiguous = keys.estimate(partials(0, new int[][] {{0, 4, 7}, {7, 11, 2}})).confidence();

        assertTrue(clear > ambiguous, clear + " vs " + ambiguous);
        assertTrue(clear > 0.5, "clear " + clear);
    }

    @Test
    void harmonicsOfTheTemplatesFallOnFifthAndThird() {
        double[] single = new double[12];
        single[0] = 1.0;
        double[] spread = KeyEstimator.withHarmonics(single);

        assertTrue(spread[7] > spread[4] && spread[4] > spread[10] && spread[10] > spread[1], java.util.Arrays.toString(spread));
        assertEquals(0.0, spread[1]);
    }

    /**
     * A profile as audio gives it: every chord tone (pitch classes relative to the tonic) with
     * its first six harmonics at 1/h.
     */
    private static double[] partials(int tonic, int[][] chords) {
        int[] offsets = {0, 0, 7, 0, 4, 7};
        double[] p = new double[12];
        for (int[] chord : chords) {
            for (int note : chord) {
                for (int h = 0; h < offsets.length; h++) {
                    p[(tonic + note + offsets[h]) % 12] += 1.0 / (h + 1);
                }
            }
        }
        return p;
    }
}
