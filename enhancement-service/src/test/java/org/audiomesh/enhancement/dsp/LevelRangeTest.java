package org.audiomesh.enhancement.dsp;

import org.audiomesh.common.dsp.Stft;
import org.audiomesh.common.dsp.Window;
import org.audiomesh.enhancement.TestSignals;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LevelRangeTest {
    private static final int RATE = 16000;
    private static final int N = 512;
    private static final int HOP = 128;

    private static LevelRange measure(float[] x) {
        return measure(x, 0);
    }

    private static LevelRange measure(float[] x, int firstBin) {
        LevelRange range = new LevelRange((double) HOP / RATE, firstBin);
        Stft stft = new Stft(N, HOP, Window.hannPeriodic(N));
        float[] p = new float[N / 2 + 1];
        for (int t = 0; t + N <= x.length; t += HOP) {
            stft.powerFrame(x, t, p);
            range.add(p);
        }
        return range;
    }

    @Test
    void speechIn10DbNoiseReadsAsNoisyAndWithAFloor40DbDownAsClean() {
        float[] speech = TestSignals.speechLike(RATE, 6, 0.5, 3);
        float[] noisy = TestSignals.mix(speech, TestSignals.white(speech.length, 4), 10);
        float[] clean = TestSignals.mix(speech, TestSignals.white(speech.length, 4), 40);
        double noisyRange = measure(noisy).rangeDb();
        double cleanRange = measure(clean).rangeDb();
        assertTrue(noisyRange < SpeechGainEstimator.NOISY_RANGE_DB, "10 dB SNR: range " + noisyRange);
        assertTrue(cleanRange > SpeechGainEstimator.CLEAN_RANGE_DB, "40 dB SNR: range " + cleanRange);
    }

    @Test
    void rumbleUnderTheFirstCountedBinDoesNotShrinkTheRange() {
        float[] speech = TestSignals.speechLike(RATE, 6, 0.5, 3);
        float[] clean = TestSignals.mix(speech, TestSignals.white(speech.length, 4), 40);
        double rms = Math.sqrt(TestSignals.energy(clean) / clean.length);
        float[] rumbly = clean.clone();
        for (int i = 0; i < rumbly.length; i++) {
            // a steady 10 Hz rumble 20 dB under the recording, in bin 0 of the 31.25 Hz grid
            rumbly[i] += (float) (0.1 * rms * Math.sqrt(2) * Math.sin(2 * Math.PI * 10 * i / RATE));
        }
        int firstBin = 3; // 94 Hz: clear of the Hann window's main lobe around the rumble
        double without = measure(clean, firstBin).rangeDb();
        double with = measure(rumbly, firstBin).rangeDb();
        assertEquals(without, with, 1.0, "range above " + firstBin + " bins with and without rumble");
        double counted = measure(rumbly, 0).rangeDb();
        assertTrue(counted < without - 5, "rumble counted: range " + counted + " dB, left out: " + without);
    }

    @Test
    void digitalSilenceIsLeftOut() {
        float[] x = new float[RATE * 3];
        System.arraycopy(TestSignals.white(RATE, 5), 0, x, RATE * 2, RATE); // 2 s of zeros, then 1 s of noise
        LevelRange range = measure(x);
        assertTrue(range.rangeDb() < 6, "steady noise after zeros: range " + range.rangeDb());
    }

    @Test
    void cleanRecordingsAreAttenuatedByAtMost1DbAndNoisyOnesByTheFullLimit() {
        assertEquals(1.0, SpeechGainEstimator.compression(15, 25), 1e-12);
        assertEquals(1.0, SpeechGainEstimator.compression(20.5, 25), 1e-12);
        assertEquals(1.0 / 25, SpeechGainEstimator.compression(25, 25), 1e-12);
        assertEquals(1.0 / 25, SpeechGainEstimator.compression(35, 25), 1e-12);
        double halfway = SpeechGainEstimator.compression(22.75, 25);
        assertEquals((25 - 0.5 * 24) / 25, halfway, 1e-12, "compression half-way up the ramp");
        assertEquals(1.0, SpeechGainEstimator.compression(35, 0), 1e-12, "no attenuation asked for");
    }
}
