package org.audiomesh.separation.onnx;

import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DemucsSpectrogramTest {
    private static final int L = 20_000;

    private static float[] noise(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        return x;
    }

    /** numpy "reflect": x[-i] = x[i], x[n-1+i] = x[n-1-i]. */
    private static double reflected(float[] x, int i) {
        return x[i < 0 ? -i : i >= x.length ? 2 * (x.length - 1) - i : i];
    }

    @Test
    void binsAreTheNormalisedDftOfTheTwiceReflectPaddedSegment() {
        float[] x = noise(L, 1);
        DemucsSpectrogram spec = new DemucsSpectrogram(L);
        int le = spec.frames();
        assertEquals((L + 1023) / 1024, le);
        FloatBuffer out = FloatBuffer.allocate(4 * DemucsSpectrogram.BINS * le);
        spec.forward(x, out, 1);
        // demucs: pad1d(x, (1536, 1536 + le*1024 - L), reflect), then torch.stft(center=True,
        // reflect) pads 2048 more; frame t+2 of that, Hann-windowed, DFT / sqrt(4096)
        int padded = le * 1024 + 3072;
        float[] x1 = new float[padded];
        for (int j = 0; j < padded; j++) {
            x1[j] = (float) reflected(x, j - 1536);
        }
        int plane = DemucsSpectrogram.BINS * le;
        for (int t : new int[] {0, 7, le - 1}) {
            for (int f : new int[] {0, 1, 100, 2047}) {
                double re = 0;
                double im = 0;
                for (int k = 0; k < 4096; k++) {
                    double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * k / 4096);
                    double v = reflected(x1, (t + 2) * 1024 + k - 2048) * w;
                    re += v * Math.cos(2 * Math.PI * f * k / 4096);
                    im -= v * Math.sin(2 * Math.PI * f * k / 4096);
                }
                // audio channel 1: planes 2 (real) and 3 (imaginary)
                assertEquals(re / 64, out.get(2 * plane + f * le + t), 2e-4, "re, frame " + t + ", bin " + f);
                assertEquals(im / 64, out.get(3 * plane + f * le + t), 2e-4, "im, frame " + t + ", bin " + f);
            }
        }
    }

    @Test
    void theInverseGivesTheSegmentBackAwayFromItsEnds() {
        float[] x = noise(L, 2);
        // the dropped Nyquist bin: remove it from the test signal by a two-tap average
        for (int i = x.length - 1; i > 0; i--) {
            x[i] = 0.5f * (x[i] + x[i - 1]);
        }
        DemucsSpectrogram spec = new DemucsSpectrogram(L);
        float[] model = new float[4 * DemucsSpectrogram.BINS * spec.frames()];
        FloatBuffer buffer = FloatBuffer.wrap(model);
        spec.forward(x, buffer, 0);
        float[] back = new float[L];
        spec.inverse(model, 0, 0, back);
        double worst = 0;
        for (int i = 4096; i < L - 4096; i++) {
            worst = Math.max(worst, Math.abs(back[i] - x[i]));
        }
        assertEquals(0, worst, 1e-5);
        // at the very start the zeroed outer frames attenuate, as in demucs
        assertEquals(true, Math.abs(back[0] - x[0]) > 1e-3 || Math.abs(back[1] - x[1]) > 1e-3);
    }
}
