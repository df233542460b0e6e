package org.audiomesh.separation.onnx;

import org.audiomesh.common.dsp.InverseStft;
import org.audiomesh.common.dsp.Stft;
import org.audiomesh.common.dsp.Window;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * An MDX-Net model's spectrogram of one chunk and its inverse, as UVR's
 * {@code uvr_lib_v5/stft.py} {@code STFT} computes them (the copy in python-audio-separator):
 *
 * <ul>
 *   <li>forward, for a chunk of {@code hop * (dim_t - 1)} samples: {@code torch.stft(n_fft, hop,
 *       periodic Hann, center=True, reflect)}, not normalised: {@code dim_t} frames; bins from
 *       {@code dim_f} on dropped and bins 0-2 zeroed (python-audio-separator's
 *       {@code run_model}: {@code spek[:, :, :3, :] *= 0});</li>
 *   <li>layout in the model input: {@code [1, 4, dim_f, dim_t]}, channel {@code 2c} the real and
 *       {@code 2c+1} the imaginary part of audio channel {@code c};</li>
 *   <li>inverse: bins from {@code dim_f} on put back as zeros, {@code torch.istft(center=True)}
 *       (Hann synthesis, division by the summed squared windows of the {@code dim_t} frames) to
 *       {@code hop * (dim_t - 1)} samples.</li>
 * </ul>
 *
 * <p>Holds FFT plans and buffers: not thread-safe, one per separation.
 */
public final class MdxSpectrogram {
    /** Lowest bins zeroed before the model (UVR's low-frequency cut). */
    static final int ZEROED_BINS = 3;

    private final int n;
    private final int hop;
    private final int dimF;
    private final int dimT;
    private final int chunk;
    private final float[] padded;
    private final float[] spectrum;
    private final float[] frame;
    private final float[] sum;
    private final float[] inverseNorm;
    private final Stft stft;
    private final InverseStft inverse;

    public MdxSpectrogram(MdxParameters parameters) {
        this.n = parameters.nFft();
        this.hop = parameters.hop();
        this.dimF = parameters.dimF();
        this.dimT = parameters.dimT();
        this.chunk = parameters.chunk();
        this.padded = new float[chunk + n];
        this.spectrum = new float[n + 2];
        this.frame = new float[n];
        this.sum = new float[(dimT - 1) * hop + n];
        this.inverseNorm = new float[chunk];
        float[] window = Window.hannPeriodic(n);
        stft = new Stft(n, hop, window);
        inverse = new InverseStft(n, hop, window);
        // torch.istft(center=True) divides by the squared windows of all dim_t frames
        float[] norm = new float[sum.length];
        for (int t = 0; t < dimT; t++) {
            for (int k = 0; k < n; k++) {
                norm[t * hop + k] += window[k] * window[k];
            }
        }
        for (int m = 0; m < chunk; m++) {
            float w = norm[m + n / 2];
            inverseNorm[m] = w > 1e-8f ? 1f / w : 0f;
        }
    }

    /**
     * One channel of a chunk into the model input.
     *
     * @param x       {@code float[hop * (dim_t - 1)]} (at least), one audio channel
     * @param dst     the model input {@code [1, 4, dim_f, dim_t]}, row-major, absolute indexing
     * @param channel audio channel {@code c}: writes planes {@code 2c} (real) and {@code 2c+1}
     */
    public void forward(float[] x, FloatBuffer dst, int channel) {
        int half = n / 2;
        for (int k = 0; k < padded.length; k++) {
            padded[k] = x[reflect(k - half, chunk)]; // torch.stft(center=True) reflect padding
        }
        int plane = dimF * dimT;
        int re = 2 * channel * plane;
        int im = re + plane;
        for (int t = 0; t < dimT; t++) {
            stft.complexFrame(padded, t * hop, spectrum);
            for (int f = 0; f < dimF; f++) {
                boolean zeroed = f < ZEROED_BINS;
                dst.put(re + f * dimT + t, zeroed ? 0f : spectrum[2 * f]);
                dst.put(im + f * dimT + t, zeroed ? 0f : spectrum[2 * f + 1]);
            }
        }
    }

    /**
     * One channel of the model's output back to the time domain.
     *
     * @param src     the model's output {@code [1, 4, dim_f, dim_t]}, row-major
     * @param channel audio channel {@code c} (planes {@code 2c}, {@code 2c+1})
     * @param out     receives {@code float[hop * (dim_t - 1)]}
     */
    public void inverse(float[] src, int channel, float[] out) {
        Arrays.fill(sum, 0f);
        Arrays.fill(spectrum, 0f); // bins from dim_f on come back as zeros
        int plane = dimF * dimT;
        int re = 2 * channel * plane;
        int im = re + plane;
        for (int t = 0; t < dimT; t++) {
            for (int f = 0; f < dimF; f++) {
                spectrum[2 * f] = src[re + f * dimT + t];
                spectrum[2 * f + 1] = src[im + f * dimT + t];
            }
            inverse.windowedFrame(spectrum, frame);
            for (int k = 0; k < n; k++) {
                sum[t * hop + k] += frame[k];
            }
        }
        for (int m = 0; m < chunk; m++) {
            out[m] = sum[m + n / 2] * inverseNorm[m];
        }
    }

    /** numpy/torch "reflect" index (the edge sample is not repeated); one reflection. */
    private static int reflect(int i, int n) {
        if (i < 0) {
            return -i;
        }
        return i >= n ? 2 * (n - 1) - i : i;
    }
}
