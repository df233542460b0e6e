package org.audiomesh.enhancement.dsp;

import org.audiomesh.common.dsp.Stft;
import org.audiomesh.common.dsp.Window;
import org.audiomesh.enhancement.TestSignals;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransientNoiseTest {
    private static final int RATE = 16000;
    private static final int N = 512;
    private static final int BINS = N / 2 + 1;
    private static final double BIN_HZ = (double) RATE / N;

    private static float[] periodogram(float[] x, int offset) {
        float[] p = new float[BINS];
        new Stft(N, N / 4, Window.hannPeriodic(N)).powerFrame(x, offset, p);
        return p;
    }

    /** PSD of {@link TestSignals#white} (times {@code gain}) as these frames see it: the mean of 60 periodograms. */
    private static float[] whiteNoisePsd(double gain) {
        float[] x = TestSignals.white(61 * N, 99);
        float[] psd = new float[BINS];
        for (int t = 0; t < 60; t++) {
            float[] p = periodogram(x, t * N);
            for (int k = 0; k < BINS; k++) {
                psd[k] += (float) (p[k] * gain * gain / 60);
            }
        }
        return psd;
    }

    private static double meanDb(float[] x, int from, int to) {
        double s = 0;
        for (int k = from; k < to; k++) {
            s += x[k];
        }
        return 10 * Math.log10(s / (to - from));
    }

    @Test
    void aWhiteBurst20DbOverAWhiteFloorIsATransientInEveryFrameAndItsPsdIsFoundWithin2Db() {
        float[] burst = TestSignals.white(RATE, 5);
        for (int i = 0; i < burst.length; i++) {
            burst[i] *= 10; // unit variance floor, burst 20 dB up
        }
        TransientNoise detector = new TransientNoise(BINS, BIN_HZ);
        float[] floor = whiteNoisePsd(1);
        double least = 1;
        double sum = 0;
        double psdErrorDb = 0;
        for (int t = 0; t < 20; t++) {
            double w = detector.analyse(periodogram(burst, t * N), floor);
            least = Math.min(least, w);
            sum += w;
            psdErrorDb = Math.max(psdErrorDb, Math.abs(meanDb(detector.psd(), 1, BINS) - (meanDb(floor, 1, BINS) + 20)));
        }
        assertTrue(least > 0.5, "least transient weight in the burst " + least);
        assertTrue(sum / 20 > 0.8, "mean transient weight in the burst " + sum / 20);
        assertTrue(psdErrorDb < 2, "transient PSD off by " + psdErrorDb + " dB");
    }

    @Test
    void harmonicSpeechOverTheSameFloorIsNoTransient() {
        float[] speech = TestSignals.speechLike(RATE, 3, 0, 7);
        float[] noisy = TestSignals.mix(speech, TestSignals.white(speech.length, 8), 20);
        TransientNoise detector = new TransientNoise(BINS, BIN_HZ);
        float[] floor = periodogram(noisy, (int) (0.18 * RATE) + 200); // a pause: the floor alone
        double max = 0;
        for (int t = 0; t < (noisy.length - N) / (N / 4); t++) {
            max = Math.max(max, detector.analyse(periodogram(noisy, t * N / 4), floor));
        }
        assertTrue(max < 0.1, "largest transient weight on speech " + max);
    }

    @Test
    void steadyNoiseIsNoTransient() {
        float[] noise = TestSignals.white(RATE, 9);
        TransientNoise detector = new TransientNoise(BINS, BIN_HZ);
        float[] floor = whiteNoisePsd(1);
        for (int t = 0; t < 20; t++) {
            assertEquals(0.0, detector.analyse(periodogram(noise, t * N / 2), floor), 1e-9);
        }
    }

    @Test
    void fastLogIsWithin2e4OfTheNaturalLog() {
        for (double x = 1e-25; x < 1e25; x *= 1.37) {
            assertEquals(Math.log(x), FastMath.ln((float) x), 2e-4 + 1e-6 * Math.abs(Math.log(x)), "x = " + x);
        }
    }
}
