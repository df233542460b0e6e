package org.audiomesh.analysis.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.audiomesh.common.dsp.NoiseFeatures;
import org.junit.jupiter.api.Test;

/** The noise features on signals with a known answer. */
class NoiseFeaturesTest {

    private static float[] features(float[] x, int rate) {
        float[] out = new float[NoiseFeatures.size()];
        new NoiseFeatures(rate).extract(x, 0, x.length, out);
        for (int i = 0; i < out.length; i++) {
            assertTrue(Float.isFinite(out[i]), NoiseFeatures.NAMES.get(i) + " = " + out[i]);
        }
        return out;
    }

    private static float get(float[] f, String name) {
        int i = NoiseFeatures.NAMES.indexOf(name);
        assertTrue(i >= 0, name);
        return f[i];
    }

    @Test
    void flatnessOfWhiteNoiseIsNearOneAndOfASineNearZero() {
        float[] white = features(NoiseSignals.atLevel(NoiseSignals.coloured(new Random(1), 22050, 22050, 0), -20), 22050);
        float[] sine = features(NoiseSignals.sine(1000, 0.3, 22050, 22050), 22050);
        assertTrue(get(white, "flatness") > 0.8, "white " + get(white, "flatness"));
        assertTrue(get(sine, "flatness") < 0.05, "sine " + get(sine, "flatness"));
    }

    @Test
    void centroidAndZeroCrossingRateOfATonePointAtItsFrequency() {
        float[] f = features(NoiseSignals.sine(1000, 0.3, 16000, 16000), 16000);
        assertEquals(1.0, get(f, "centroid_khz"), 0.05);
        assertEquals(2.0, get(f, "zcr_khz"), 0.1); // two crossings per period
        assertEquals(-20 * Math.log10(Math.sqrt(2) / 0.3), get(f, "level_db"), 0.1);
        assertEquals(3.01, get(f, "crest_db"), 0.05);
    }

    @Test
    void humLineStrengthOfA50HzHumIsHighAndOfNoiseLow() {
        float[] hum = NoiseSignals.sine(50, 0.1, 22050, 22050);
        float[] h3 = NoiseSignals.sine(150, 0.05, 22050, 22050);
        float[] noise = NoiseSignals.atLevel(NoiseSignals.coloured(new Random(2), 22050, 22050, 1), -40);
        for (int i = 0; i < hum.length; i++) {
            hum[i] += h3[i] + noise[i];
        }
        float[] withHum = features(hum, 22050);
        float[] pink = features(NoiseSignals.atLevel(NoiseSignals.coloured(new Random(3), 22050, 22050, 1), -20), 22050);
        assertTrue(get(withHum, "hum_db") > 25, "hum " + get(withHum, "hum_db"));
        assertTrue(get(pink, "hum_db") < 8, "pink " + get(pink, "hum_db"));
        float[] sixty = features(NoiseSignals.sine(60, 0.1, 16000, 16000), 16000);
        assertTrue(get(sixty, "hum_db") > 25, "60 Hz " + get(sixty, "hum_db"));
    }

    @Test
    void slopeTellsWhitePinkAndBrownApart() {
        Random rng = new Random(4);
        assertEquals(0.0, get(features(NoiseSignals.coloured(rng, 22050, 22050, 0), 22050), "slope_db_per_octave"), 1.0);
        assertEquals(-3.0, get(features(NoiseSignals.coloured(rng, 22050, 22050, 1), 22050), "slope_db_per_octave"), 1.0);
        assertEquals(-6.0, get(features(NoiseSignals.coloured(rng, 22050, 22050, 2), 22050), "slope_db_per_octave"), 1.0);
    }

    @Test
    void whiteNoiseLooksTheSameAt16And22kHz() {
        float[] a = features(NoiseSignals.atLevel(NoiseSignals.coloured(new Random(5), 16000, 16000, 0), -20), 16000);
        float[] b = features(NoiseSignals.atLevel(NoiseSignals.coloured(new Random(6), 22050, 22050, 0), -20), 22050);
        // band-limited to 8 kHz either way: centroid, rolloff and flatness agree
        assertEquals(get(a, "centroid_khz"), get(b, "centroid_khz"), 0.2);
        assertEquals(get(a, "rolloff_khz"), get(b, "rolloff_khz"), 0.4);
        assertEquals(get(a, "flatness"), get(b, "flatness"), 0.05);
        assertEquals(get(a, "level_db"), get(b, "level_db"), 0.5);
    }

    @Test
    void clicksRaiseTheCrestFactorAndDigitalSilenceGivesFiniteFeatures() {
        float[] clicks = NoiseSignals.atLevel(NoiseSignals.coloured(new Random(7), 22050, 22050, 0), -60);
        for (int at = 1000; at < 22050; at += 5000) {
            clicks[at] = 0.8f;
        }
        float[] noise = features(NoiseSignals.atLevel(NoiseSignals.coloured(new Random(8), 22050, 22050, 0), -30), 22050);
        float[] c = features(clicks, 22050);
        assertTrue(get(c, "crest_db") > get(noise, "crest_db") + 20, get(c, "crest_db") + " vs " + get(noise, "crest_db"));
        assertTrue(get(c, "peak_over_median_db") > 20, "" + get(c, "peak_over_median_db"));
        float[] zero = features(new float[16000], 16000);
        assertEquals(NoiseFeatures.FLOOR_DB, get(zero, "level_db"), 1e-9);
    }
}
