package org.audiomesh.enhancement.engine;

import org.audiomesh.enhancement.TestSignals;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatisticalEnhancerTest {
    private static final int RATE = 16000;

    private static StatisticalEnhancer.Settings settings(double attenuation) {
        return new StatisticalEnhancer.Settings(attenuation, ChannelMode.PER_CHANNEL, true);
    }

    /** Runs an enhancer over planar input in blocks of random size (1..maxBlock frames). */
    static float[][] run(StreamingEnhancer enhancer, float[][] in, int maxBlock, long seed) throws IOException {
        int channels = in.length;
        int n = in[0].length;
        float[][] out = new float[channels][n];
        int[] written = {0};
        PlanarSink sink = (block, frames) -> {
            for (int c = 0; c < channels; c++) {
                System.arraycopy(block[c], 0, out[c], written[0], frames);
            }
            written[0] += frames;
        };
        Random rnd = new Random(seed);
        int pos = 0;
        while (pos < n) {
            int len = Math.min(n - pos, 1 + rnd.nextInt(maxBlock));
            float[][] block = new float[channels][len];
            for (int c = 0; c < channels; c++) {
                System.arraycopy(in[c], pos, block[c], 0, len);
            }
            enhancer.process(block, len, sink);
            pos += len;
        }
        enhancer.finish(sink);
        assertEquals(n, written[0], "frames out = frames in");
        return out;
    }

    @Test
    void withoutAttenuationTheOutputIsTheInputSampleForSample() throws IOException {
        float[] x = TestSignals.mix(TestSignals.speechLike(RATE, 3, 0.3, 1), TestSignals.white(3 * RATE, 2), 5);
        float[][] out = run(new StatisticalEnhancer(RATE, 1, new StatisticalEnhancer.Settings(0, ChannelMode.PER_CHANNEL,
                false)), new float[][] {x}, 5000, 3);
        assertArrayEquals(x, out[0], 1e-5f);
    }

    @Test
    void speechLikeSignalInWhiteNoiseAt0DbGainsAtLeast7DbSiSdrAndTheSnrIsEstimated() throws IOException {
        float[] clean = TestSignals.speechLike(RATE, 6, 0.5, 11);
        float[] noisy = TestSignals.mix(clean, TestSignals.white(clean.length, 12), 0);
        StatisticalEnhancer enhancer = new StatisticalEnhancer(RATE, 1, settings(25));
        float[] out = run(enhancer, new float[][] {noisy}, 4096, 4)[0];
        double before = TestSignals.siSdr(noisy, clean);
        double after = TestSignals.siSdr(out, clean);
        assertTrue(after - before >= 7, "SI-SDR " + before + " -> " + after);
        assertEquals(0.0, enhancer.findings().estimatedSnrDb(), 3.0, "estimated SNR");
        assertEquals("white", enhancer.findings().noiseType());
    }

    @Test
    void pinkNoiseIsReducedAndNamed() throws IOException {
        float[] clean = TestSignals.speechLike(RATE, 6, 0.5, 13);
        float[] noisy = TestSignals.mix(clean, TestSignals.pink(clean.length, 14), 5);
        StatisticalEnhancer enhancer = new StatisticalEnhancer(RATE, 1, settings(25));
        float[] out = run(enhancer, new float[][] {noisy}, 4096, 5)[0];
        double gain = TestSignals.siSdr(out, clean) - TestSignals.siSdr(noisy, clean);
        assertTrue(gain >= 4, "SI-SDR improvement " + gain);
        assertEquals("pink", enhancer.findings().noiseType());
    }

    @Test
    void humIsFoundNotchedAndNamed() throws IOException {
        float[] clean = TestSignals.speechLike(RATE, 5, 0.5, 15);
        float[] noisy = TestSignals.mix(clean, TestSignals.hum(clean.length, RATE, 50), 0);
        StatisticalEnhancer enhancer = new StatisticalEnhancer(RATE, 1, settings(25));
        float[] out = run(enhancer, new float[][] {noisy}, 4096, 6)[0];
        StreamingEnhancer.Findings f = enhancer.findings();
        assertEquals(50.0, f.humHz(), 0.1);
        assertTrue(f.humHarmonics() >= 3, f.toString());
        assertEquals("hum", f.noiseType());
        double before = TestSignals.tonePower(noisy, RATE, clean.length, RATE, 50);
        double after = TestSignals.tonePower(out, RATE, clean.length, RATE, 50);
        assertTrue(10 * Math.log10(before / after) > 30, "50 Hz reduced by " + 10 * Math.log10(before / after));
        assertTrue(TestSignals.siSdr(out, clean) - TestSignals.siSdr(noisy, clean) > 10);
    }

    @Test
    void blockSizesDoNotChangeTheOutput() throws IOException {
        float[] noisy = TestSignals.mix(TestSignals.speechLike(RATE, 4, 0.5, 17), TestSignals.white(4 * RATE, 18), 3);
        float[] a = run(new StatisticalEnhancer(RATE, 1, settings(25)), new float[][] {noisy}, 7, 7)[0];
        float[] b = run(new StatisticalEnhancer(RATE, 1, settings(25)), new float[][] {noisy}, 100_000, 8)[0];
        assertArrayEquals(a, b, 0f);
    }

    @Test
    void midModeAppliesOneGainToBothChannelsAndPerChannelModeTreatsThemApart() throws IOException {
        float[] speech = TestSignals.speechLike(RATE, 4, 0.5, 19);
        float[] noisyLeft = TestSignals.mix(speech, TestSignals.white(speech.length, 20), 0);
        float[][] in = {noisyLeft, speech.clone()}; // right channel is clean
        float[][] mid = run(new StatisticalEnhancer(RATE, 2, new StatisticalEnhancer.Settings(25, ChannelMode.MID,
                false)), new float[][] {in[0].clone(), in[1].clone()}, 4096, 9);
        float[][] per = run(new StatisticalEnhancer(RATE, 2, settings(25)), new float[][] {in[0].clone(),
                in[1].clone()}, 4096, 10);
        // per channel: the clean right channel passes nearly untouched
        assertTrue(TestSignals.siSdr(per[1], speech) > 25, "clean channel kept: " + TestSignals.siSdr(per[1], speech));
        // mid: the right channel gets the gains of the noisy mix, so it is altered more
        assertTrue(TestSignals.siSdr(mid[1], speech) < TestSignals.siSdr(per[1], speech) - 3);
        assertTrue(TestSignals.siSdr(mid[0], speech) > TestSignals.siSdr(noisyLeft, speech) + 3);
    }

    @Test
    void inputShorterThanAFrameComesBackWithTheSameLength() throws IOException {
        float[] x = TestSignals.white(100, 21);
        float[][] out = run(new StatisticalEnhancer(RATE, 1, settings(25)), new float[][] {x}, 100, 11);
        assertEquals(100, out[0].length);
        for (float v : out[0]) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void frameIsAFastFftLengthNear40Ms() {
        assertEquals(320, StatisticalEnhancer.frameSize(8000));
        assertEquals(640, StatisticalEnhancer.frameSize(16000));
        assertEquals(1728, StatisticalEnhancer.frameSize(44100)); // 2^6 3^3, 39.2 ms
        assertEquals(1920, StatisticalEnhancer.frameSize(48000));
        assertEquals(64, StatisticalEnhancer.frameSize(100)); // at least 64 samples
    }

    @Test
    void loudNoiseBurstsOverSpeechAreAttenuated() throws IOException {
        float[] clean = TestSignals.speechLike(RATE, 8, 0.5, 21);
        float[] noise = TestSignals.white(clean.length, 22);
        Random rnd = new Random(23);
        for (int i = 0; i < noise.length; i++) {
            noise[i] *= 0.03f; // a floor 30 dB under the bursts
        }
        for (int pos = RATE / 5; pos < noise.length; pos += (int) ((0.3 + 0.6 * rnd.nextDouble()) * RATE)) {
            int end = Math.min(noise.length, pos + (int) ((0.05 + 0.25 * rnd.nextDouble()) * RATE));
            for (int i = pos; i < end; i++) {
                noise[i] += (float) (rnd.nextGaussian() * 0.6);
            }
            pos = end;
        }
        float[] noisy = TestSignals.mix(clean, noise, 0);
        float[] out = run(new StatisticalEnhancer(RATE, 1, settings(25)), new float[][] {noisy}, 4096, 24)[0];
        double gain = TestSignals.siSdr(out, clean) - TestSignals.siSdr(noisy, clean);
        assertTrue(gain >= 4.5, "SI-SDR improvement on bursts " + gain);
        // burst_removal=off: the bursts are left to the steady path, which takes them for speech
        float[] kept = run(new StatisticalEnhancer(RATE, 1, new StatisticalEnhancer.Settings(25, ChannelMode.PER_CHANNEL,
                true, false)), new float[][] {noisy}, 4096, 24)[0];
        double keptGain = TestSignals.siSdr(kept, clean) - TestSignals.siSdr(noisy, clean);
        assertTrue(keptGain < gain - 3, "without burst removal " + keptGain + " dB, with " + gain + " dB");
    }

    @Test
    void aCleanRecordingWithAFloor40DbDownIsLeftNearlyAlone() throws IOException {
        float[] speech = TestSignals.speechLike(RATE, 6, 0.5, 31);
        float[] recording = TestSignals.mix(speech, TestSignals.white(speech.length, 32), 40);
        float[] out = run(new StatisticalEnhancer(RATE, 1, settings(25)), new float[][] {recording}, 4096, 33)[0];
        double transparency = TestSignals.siSdr(out, recording);
        assertTrue(transparency > 30, "SI-SDR of the output against the input " + transparency);
    }

    @Test
    void zeroPaddedStartDoesNotHideTheNoiseFloor() throws IOException {
        float[] speech = TestSignals.speechLike(RATE, 6, 1.0, 41);
        float[] noisy = TestSignals.mix(speech, TestSignals.white(speech.length, 42), 5);
        java.util.Arrays.fill(noisy, 0, RATE / 2, 0f); // half a second of digital silence first
        StatisticalEnhancer enhancer = new StatisticalEnhancer(RATE, 1, settings(25));
        float[] out = run(enhancer, new float[][] {noisy}, 4096, 43)[0];
        double noiseBefore = TestSignals.energy(java.util.Arrays.copyOfRange(noisy, RATE / 2 + 2000, RATE - 1000));
        double noiseAfter = TestSignals.energy(java.util.Arrays.copyOfRange(out, RATE / 2 + 2000, RATE - 1000));
        assertTrue(10 * Math.log10(noiseBefore / noiseAfter) > 15, "noise-only stretch after the zeros reduced by "
                + 10 * Math.log10(noiseBefore / noiseAfter) + " dB");
    }
}
