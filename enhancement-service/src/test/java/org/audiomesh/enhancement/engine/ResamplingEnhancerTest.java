package org.audiomesh.enhancement.engine;

import org.audiomesh.enhancement.TestSignals;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResamplingEnhancerTest {

    /** A 48 kHz enhancer that halves its input, behind streams of other rates. */
    @Test
    void theInnerEnhancerRunsAtItsOwnRateAndEveryFrameComesBackInPlace() throws IOException {
        for (int rate : new int[] {16000, 22050, 44100}) {
            for (int frames : new int[] {rate + 1, 3 * rate + 777}) {
                float[] x = TestSignals.speechLike(rate, (double) frames / rate, 0.1, rate + frames);
                float[][] stereo = {x, TestSignals.speechLike(rate, (double) frames / rate, 0.3, rate - frames)};
                Streams.LateScaler inner = new Streams.LateScaler(48000, 2, 0.5f, 4800);
                ResamplingEnhancer e = new ResamplingEnhancer(inner, rate);
                assertEquals(rate, e.sampleRate());
                float[][] y = Streams.run(e, new float[][] {stereo[0].clone(), stereo[1].clone()}, 4001);
                assertEquals((long) Math.ceil((double) frames * 48000 / rate), inner.frames, "48 kHz frames");
                for (int c = 0; c < 2; c++) {
                    float[] expected = new float[frames];
                    for (int i = 0; i < frames; i++) {
                        expected[i] = 0.5f * stereo[c][i];
                    }
                    // a round trip through the band-limited resampler: same time, same scale, under
                    // its passband edge (0.40 of the lower rate) the test signal lives almost entirely
                    double sdr = snr(y[c], expected, rate / 20, frames - rate / 20);
                    assertTrue(sdr > 30, rate + " Hz, channel " + c + ": " + sdr + " dB");
                }
            }
        }
    }

    @Test
    void anEnhancerAtTheStreamsRateIsNotWrapped() {
        StreamingEnhancer inner = new Streams.LateScaler(16000, 1, 1f, 10);
        assertSame(inner, ResamplingEnhancer.at(inner, 16000));
        assertTrue(ResamplingEnhancer.at(inner, 8000) instanceof ResamplingEnhancer);
    }

    @Test
    void emptyAndTinyStreamsComeBackWithTheirLength() throws IOException {
        for (int frames : new int[] {0, 1, 2, 5}) {
            float[][] x = {new float[frames]};
            float[][] y = Streams.run(new ResamplingEnhancer(new Streams.LateScaler(48000, 1, 1f, 100), 44100), x, 3);
            assertEquals(frames, y[0].length);
        }
    }

    /** 10 log10 of reference power over error power on [from, to). */
    private static double snr(float[] y, float[] ref, int from, int to) {
        double s = 0;
        double e = 0;
        for (int i = from; i < to; i++) {
            s += (double) ref[i] * ref[i];
            double d = y[i] - ref[i];
            e += d * d;
        }
        return 10 * Math.log10(s / Math.max(e, 1e-30));
    }
}
