package org.audiomesh.enhancement.dsp;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpeechGainEstimatorTest {
    @Test
    void gainsStayBetweenTheAttenuationLimitAndOneWhateverTheInput() {
        int bins = 257;
        for (double attenuation : new double[] {3, 12, 25, 60}) {
            SpeechGainEstimator estimator = new SpeechGainEstimator(bins, 0.008, 31.25, attenuation, 0.5);
            float[] floor = new float[bins];
            java.util.Arrays.fill(floor, 1f);
            estimator.tracker().initialize(floor);
            Random rnd = new Random(7);
            float[] power = new float[bins];
            float[] gains = new float[bins];
            float lowest = (float) Math.pow(10, -attenuation / 20) * 0.9999f;
            for (int t = 0; t < 3000; t++) {
                // steady noise, loud broadband bursts, tonal peaks and digital silence, mixed at random
                double level = switch (rnd.nextInt(4)) {
                    case 0 -> 1;
                    case 1 -> 1000;
                    case 2 -> 1e-3;
                    default -> 0;
                };
                for (int k = 0; k < bins; k++) {
                    double e = -Math.log(1 - rnd.nextDouble());
                    power[k] = (float) (level * e * (k % 17 == 0 && rnd.nextBoolean() ? 100 : 1));
                }
                if (!estimator.gains(power, gains)) {
                    assertTrue(t == 0, "gains are held back for the first frame only");
                    continue;
                }
                for (int k = 0; k < bins; k++) {
                    assertTrue(gains[k] >= lowest && gains[k] <= 1f,
                            "gain " + gains[k] + " at bin " + k + ", frame " + t + ", limit " + attenuation + " dB");
                }
            }
        }
    }

    @Test
    void binsUnder50HzNeverGetMoreGainThanTheFirstBinAboveThem() {
        int bins = 321;
        SpeechGainEstimator estimator = new SpeechGainEstimator(bins, 0.01, 25, 25, 0.5);
        float[] floor = new float[bins];
        java.util.Arrays.fill(floor, 1f);
        estimator.tracker().initialize(floor);
        Random rnd = new Random(11);
        float[] power = new float[bins];
        float[] gains = new float[bins];
        for (int t = 0; t < 500; t++) {
            for (int k = 0; k < bins; k++) {
                power[k] = (float) -Math.log(1 - rnd.nextDouble());
            }
            // rumble: the lowest two bins swing by 40 dB from frame to frame
            power[0] *= (float) Math.pow(10, 4 * rnd.nextDouble());
            power[1] *= (float) Math.pow(10, 4 * rnd.nextDouble());
            if (!estimator.gains(power, gains)) {
                continue;
            }
            assertTrue(gains[0] <= gains[2] && gains[1] <= gains[2],
                    "frame " + t + ": gains " + gains[0] + ", " + gains[1] + " over " + gains[2]);
        }
    }

    @Test
    void aStrongBurstFrameCountsOnlyNextToAnotherStrongOne() {
        double strong = SpeechGainEstimator.BURST_STRONG;
        assertEquals(0.0, SpeechGainEstimator.burstWeight(0.1, 1.0, 0.2), 0, "a lone strong frame (a plosive)");
        assertEquals(0.0, SpeechGainEstimator.burstWeight(0, strong, 0), 0, "a lone frame at the threshold");
        assertEquals(1.0, SpeechGainEstimator.burstWeight(0.1, 1.0, strong), 0, "strong frame ahead");
        assertEquals(0.9, SpeechGainEstimator.burstWeight(1.0, 0.9, 0), 0, "strong frame behind");
        assertEquals(0.5, SpeechGainEstimator.burstWeight(0, 0.5, 0), 0, "weak frames keep their weight");
        assertEquals(0.4, SpeechGainEstimator.burstWeight(1.0, 0.4, 1.0), 0, "a weak frame inside a burst");
    }

    @Test
    void theGainsOfAFrameComeOneFrameLaterAndDependOnItsSuccessor() {
        int bins = 161;
        float[] floor = new float[bins];
        java.util.Arrays.fill(floor, 1f);
        float[] quiet = floor.clone();
        float[] loud = new float[bins];
        java.util.Arrays.fill(loud, 1000f); // a flat spectrum 30 dB over the noise: a burst frame
        float[][] a = gainsAfter(floor, new float[][] {quiet, quiet, loud, quiet, quiet});
        float[][] b = gainsAfter(floor, new float[][] {quiet, quiet, loud, loud, quiet});
        assertEquals(4, a.length, "five frames in, four frames of gains");
        // the first loud frame: alone it is a plosive and keeps its high gains, followed by another it is a burst
        assertTrue(mean(a[2]) > 0.5, "a lone loud flat frame passes: mean gain " + mean(a[2]));
        assertTrue(mean(b[2]) < 0.2, "the first of two loud flat frames is attenuated: mean gain " + mean(b[2]));
    }

    private static float[][] gainsAfter(float[] noiseFloor, float[][] frames) {
        SpeechGainEstimator estimator = new SpeechGainEstimator(noiseFloor.length, 0.01, 25, 25, 0.5);
        estimator.tracker().initialize(noiseFloor);
        java.util.List<float[]> out = new java.util.ArrayList<>();
        for (float[] f : frames) {
            float[] gains = new float[noiseFloor.length];
            if (estimator.gains(f.clone(), gains)) {
                out.add(gains);
            }
        }
        return out.toArray(new float[0][]);
    }

    private static double mean(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v;
        }
        return s / x.length;
    }
}
