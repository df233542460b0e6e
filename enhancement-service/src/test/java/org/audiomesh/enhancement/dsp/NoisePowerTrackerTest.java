package org.audiomesh.enhancement.dsp;

import org.audiomesh.common.dsp.Stft;
import org.audiomesh.common.dsp.Window;
import org.audiomesh.enhancement.TestSignals;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoisePowerTrackerTest {
    private static final int RATE = 16000;
    private static final int N = 512;
    private static final int HOP = 128;

    /** Mean over bins 20..200 of the estimate, in dB. */
    private static double meanDb(float[] noise) {
        double s = 0;
        for (int k = 20; k < 200; k++) {
            s += noise[k];
        }
        return 10 * Math.log10(s / 180);
    }

    private static double[] track(NoisePowerTracker tracker, float[] x, int frames) {
        Stft stft = new Stft(N, HOP, Window.hannPeriodic(N));
        float[] p = new float[N / 2 + 1];
        double[] levels = new double[frames];
        for (int t = 0; t < frames; t++) {
            stft.powerFrame(x, t * HOP, p);
            tracker.update(p);
            levels[t] = meanDb(tracker.noise());
        }
        return levels;
    }

    private static float[] periodogramMean(float[] x, int frames) {
        Stft stft = new Stft(N, HOP, Window.hannPeriodic(N));
        float[] p = new float[N / 2 + 1];
        float[] mean = new float[N / 2 + 1];
        for (int t = 0; t < frames; t++) {
            stft.powerFrame(x, t * HOP, p);
            for (int k = 0; k < p.length; k++) {
                mean[k] += p[k] / frames;
            }
        }
        return mean;
    }

    @Test
    void followsAStationaryNoiseJustBelowItsPowerAndARiseOf10DbWithinFiveSeconds() {
        int seconds = 10;
        float[] x = TestSignals.white(RATE * seconds, 1);
        for (int i = RATE * 4; i < x.length; i++) {
            x[i] *= (float) Math.sqrt(10); // +10 dB from 4 s on
        }
        int frames = (x.length - N) / HOP;
        float[] truthLow = periodogramMean(x, RATE * 4 / HOP - 4);
        NoisePowerTracker tracker = new NoisePowerTracker(N / 2 + 1, (double) HOP / RATE);
        tracker.initialize(truthLow);
        double[] levels = track(tracker, x, frames);
        double truth = meanDb(truthLow);
        // by design about 1.5 dB under the noise power (see the class comment)
        assertEquals(truth - 1.5, levels[RATE * 3 / HOP], 0.75, "stationary estimate");
        int fiveSecondsAfterRise = (RATE * 9) / HOP;
        assertEquals(truth + 10 - 1.5, levels[fiveSecondsAfterRise], 1.0, "estimate 5 s after a 10 dB rise");
    }

    @Test
    void speechOnTopOfNoiseRaisesTheEstimateByLessThanTwoDb() {
        int n = RATE * 6;
        float[] noise = TestSignals.white(n, 2);
        float[] speech = TestSignals.speechLike(RATE, 6, 1.0, 3);
        float[] noisy = TestSignals.mix(speech, noise, 5);
        float[] scaledNoise = new float[n];
        for (int i = 0; i < n; i++) {
            scaledNoise[i] = noisy[i] - speech[i];
        }
        float[] truth = periodogramMean(scaledNoise, (n - N) / HOP);
        NoisePowerTracker tracker = new NoisePowerTracker(N / 2 + 1, (double) HOP / RATE);
        tracker.initialize(periodogramMean(noisy, RATE / HOP - 4)); // first second: noise only
        double[] levels = track(tracker, noisy, (n - N) / HOP);
        double max = 0;
        for (int t = RATE / HOP; t < levels.length; t++) {
            max = Math.max(max, levels[t] - meanDb(truth));
        }
        assertTrue(max < 2.0, "estimate rose " + max + " dB over the noise during speech");
    }

    @Test
    void digitalSilenceLeavesTheEstimateAsItIs() {
        NoisePowerTracker tracker = new NoisePowerTracker(N / 2 + 1, (double) HOP / RATE);
        float[] start = periodogramMean(TestSignals.white(RATE, 5), RATE / HOP - 4);
        tracker.initialize(start);
        float[] before = tracker.noise().clone();
        float[] silence = new float[N / 2 + 1];
        for (int t = 0; t < 200; t++) {
            tracker.update(silence);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, tracker.noise(), 0f);
    }
}
