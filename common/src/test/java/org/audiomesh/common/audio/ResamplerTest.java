package org.audiomesh.common.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResamplerTest {

    @Test
    void sineResampled44100To16000AndBackMatchesTheOriginalBelowMinus60Db() {
        int frames = 44100 * 2;
        float[] original = Signals.sine(44100, 1000, frames, 0.5);

        float[] down = Resampler.resample(original, 1, 44100, 16000);
        float[] back = Resampler.resample(down, 1, 16000, 44100);

        assertEquals(frames, back.length, "44.1k -> 16k -> 44.1k keeps the length");
        int edge = 44100 / 20; // 50 ms
        double errorDb = Signals.relativeErrorDb(back, original, edge, frames - edge);
        System.out.printf("resampler round trip 44100->16000->44100, 1 kHz: %.1f dB%n", errorDb);
        assertTrue(errorDb < -60, "round-trip error " + errorDb + " dB");
    }

    @Test
    void sevenKilohertzToneIsAttenuatedAtLeast50DbGoing44100To8000() {
        int frames = 44100;
        float[] tone = Signals.sine(44100, 7000, frames, 0.5);

        float[] out = Resampler.resample(tone, 1, 44100, 8000);

        int edge = 8000 / 20;
        double attenuationDb = -Signals.db(Signals.rms(out, edge, out.length - edge) / Signals.rms(tone, 0, frames));
        System.out.printf("7 kHz tone at 44100->8000: attenuated by %.1f dB%n", attenuationDb);
        assertTrue(attenuationDb >= 50, "7 kHz attenuated by only " + attenuationDb + " dB");
    }

    /**
     * The design has no delay: output frame k is the input at k / outRate seconds, so a
     * passband sine comes out as the same sine sampled at the new rate, in phase.
     */
    @ParameterizedTest(name = "{0} -> {1} Hz")
    @CsvSource({"44100,16000", "16000,44100", "48000,22050", "44100,22050", "22050,44100", "44100,48000",
            "8000,44100", "44100,44099", "96000,8000"})
    void passbandSineComesOutInPhaseAtTheNewRate(int inRate, int outRate) {
        double seconds = 1.0;
        float[] in = Signals.sine(inRate, 1000, (int) (inRate * seconds), 0.8);

        float[] out = Resampler.resample(in, 1, inRate, outRate);

        float[] expected = Signals.sine(outRate, 1000, out.length, 0.8);
        int edge = outRate / 20;
        double errorDb = Signals.relativeErrorDb(out, expected, edge, out.length - edge);
        assertTrue(errorDb < -70, inRate + " -> " + outRate + ": error " + errorDb + " dB");
    }

    @ParameterizedTest(name = "{0} -> {1} Hz")
    @CsvSource({"44100,16000", "16000,44100", "48000,22050", "44100,44099"})
    void outputDoesNotDependOnInputChunkSize(int inRate, int outRate) {
        Random random = new Random(42);
        int frames = 20_000;
        float[] in = new float[frames * 2];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) (random.nextGaussian() * 0.2);
        }
        float[] whole = resampleInChunks(in, 2, inRate, outRate, frames);

        for (int chunk : new int[] {1, 7, 4096}) {
            assertArrayEquals(whole, resampleInChunks(in, 2, inRate, outRate, chunk), "chunks of " + chunk);
        }
    }

    @Test
    void everyInputLengthBecomesCeilOfLengthTimesRatio() {
        for (int[] rates : new int[][] {{44100, 16000}, {16000, 44100}, {48000, 22050}, {44100, 8000}}) {
            for (int frames : new int[] {0, 1, 2, 3, 100, 441, 12345}) {
                float[] out = Resampler.resample(new float[frames], 1, rates[0], rates[1]);
                long expected = ((long) frames * rates[1] + rates[0] - 1) / rates[0];
                assertEquals(expected, out.length, frames + " frames " + rates[0] + " -> " + rates[1]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8000, 16000, 22050, 48000})
    void constantSignalKeepsItsLevel(int outRate) {
        float[] in = new float[44100];
        Arrays.fill(in, 0.25f);

        float[] out = Resampler.resample(in, 1, 44100, outRate);

        int edge = outRate / 20;
        for (int i = edge; i < out.length - edge; i++) {
            assertEquals(0.25f, out[i], 1e-5f, "frame " + i);
        }
    }

    @Test
    void channelsAreResampledIndependently() {
        float[] left = Signals.sine(44100, 440, 10_000, 0.5);
        float[] right = Signals.sine(44100, 3000, 10_000, 0.3);

        float[] stereo = Resampler.resample(Signals.interleave(left, right), 2, 44100, 16000);

        assertArrayEquals(Resampler.resample(left, 1, 44100, 16000), Signals.channel(stereo, 2, 0));
        assertArrayEquals(Resampler.resample(right, 1, 44100, 16000), Signals.channel(stereo, 2, 1));
    }

    @Test
    void equalRatesPassSamplesThroughUnchanged() {
        float[] in = Signals.sine(16000, 440, 1000, 0.5);

        assertArrayEquals(in, Resampler.resample(in, 1, 16000, 16000));
    }

    @Test
    void resetStartsANewStream() {
        Resampler r = new Resampler(44100, 16000, 1);
        float[] in = Signals.sine(44100, 440, 5000, 0.5);
        float[] first = concat(r.process(in, 5000), r.flush());

        r.reset();
        float[] second = concat(r.process(in, 5000), r.flush());

        assertArrayEquals(first, second);
    }

    private static float[] resampleInChunks(float[] in, int channels, int inRate, int outRate, int chunk) {
        Resampler r = new Resampler(inRate, outRate, channels);
        int frames = in.length / channels;
        float[] out = new float[(int) r.outputFrames(frames) * channels];
        float[] piece = new float[chunk * channels];
        float[] tmp = new float[Math.max(r.maxOutputFrames(chunk), r.maxOutputFrames(0)) * channels];
        int written = 0;
        for (int pos = 0; pos < frames; pos += chunk) {
            int n = Math.min(chunk, frames - pos);
            System.arraycopy(in, pos * channels, piece, 0, n * channels);
            int m = r.process(piece, n, tmp);
            System.arraycopy(tmp, 0, out, written * channels, m * channels);
            written += m;
        }
        int m = r.flush(tmp);
        System.arraycopy(tmp, 0, out, written * channels, m * channels);
        assertEquals(out.length / channels, written + m, "total output frames");
        return out;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
