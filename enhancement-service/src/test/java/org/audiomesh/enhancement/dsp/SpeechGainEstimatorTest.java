package org.audiomesh.enhancement.dsp;

import org.junit.jupiter.api.Test;

import java.util.Random;

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
                estimator.gains(power, gains);
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
            estimator.gains(power, gains);
            assertTrue(gains[0] <= gains[2] && gains[1] <= gains[2],
                    "frame " + t + ": gains " + gains[0] + ", " + gains[1] + " over " + gains[2]);
        }
    }
}
