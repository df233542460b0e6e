package org.audiomesh.separation.onnx;

import org.audiomesh.common.dsp.InverseStft;
import org.audiomesh.common.dsp.Stft;
import org.audiomesh.common.dsp.Window;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * HTDemucs' spectrogram, computed outside the ONNX graph exactly as the model computes it
 * inside ({@code demucs/htdemucs.py} {@code _spec}/{@code _ispec} on {@code demucs/spec.py}
 * {@code spectro}/{@code ispectro}; checked against facebookresearch/demucs and the C++ port
 * sevagh/demucs.onnx {@code src/model_inference.cpp}):
 *
 * <ul>
 *   <li>forward, for a segment of {@code L} samples: {@code le = ceil(L / 1024)} frames; the
 *       segment is reflect-padded by {@code 1536} samples before and {@code 1536 + le*1024 - L}
 *       after, then {@code torch.stft(n_fft=4096, hop=1024, periodic Hann, normalized=True,
 *       center=True, pad_mode="reflect")} (reflect-padded again by 2048, every bin scaled by
 *       {@code 1/sqrt(4096)}); the last bin (2048) is dropped and only frames {@code 2 .. le+1}
 *       are kept: {@code [2048 bins, le frames]} per channel;</li>
 *   <li>layout in the model input ("complex as channels"): {@code [1, 2*C, 2048, le]} with
 *       channel {@code 2c} the real and {@code 2c+1} the imaginary part of audio channel
 *       {@code c};</li>
 *   <li>inverse: the bin and the two frames on each side are put back as zeros, then
 *       {@code torch.istft(normalized=True, center=True, length=le*1024 + 3072)} (inverse FFT
 *       scaled by {@code sqrt(4096)}, Hann synthesis, division by the summed squared windows of
 *       all frames, the first 2048 samples dropped), and samples {@code 1536 .. 1536+L} are the
 *       segment. Near the segment's ends the zeroed frames make this inverse attenuate; the
 *       overlapping segments of {@link HtdemucsSeparator} weight those parts down.</li>
 * </ul>
 *
 * <p>Holds FFT plans and buffers for one segment length: not thread-safe, one per separation.
 */
public final class DemucsSpectrogram {
    public static final int N_FFT = 4096;
    public static final int HOP = 1024;
    /** Bins the model sees (the Nyquist bin is dropped). */
    public static final int BINS = N_FFT / 2;
    private static final int PAD = HOP / 2 * 3;

    private final int length;
    private final int frames;
    private final int paddedLength;       // le * HOP + 2 * PAD
    private final float[] padded;         // the segment reflect-padded twice
    private final Stft stft;
    private final InverseStft inverse;
    private final float[] window;
    private final float[] spectrum = new float[2 * (N_FFT / 2 + 1)];
    private final float[] frame = new float[N_FFT];
    private final float[] sum;
    private final float[] inverseNorm;

    /** @param length segment length L in samples (343 980 for HTDemucs' 7.8 s at 44.1 kHz) */
    public DemucsSpectrogram(int length) {
        if (length <= PAD + N_FFT / 2) {
            throw new IllegalArgumentException("segment too short for HTDemucs' padding: " + length);
        }
        this.length = length;
        this.frames = (length + HOP - 1) / HOP;
        this.paddedLength = frames * HOP + 2 * PAD;
        this.padded = new float[paddedLength + N_FFT];
        this.window = Window.hannPeriodic(N_FFT);
        this.stft = new Stft(N_FFT, HOP, window);
        this.inverse = new InverseStft(N_FFT, HOP, window);
        // istft over le + 4 centred frames: sum of squared windows at each output sample
        int allFrames = frames + 4;
        this.sum = new float[(allFrames - 1) * HOP + N_FFT];
        float[] norm = new float[sum.length];
        for (int t = 0; t < allFrames; t++) {
            for (int i = 0; i < N_FFT; i++) {
                norm[t * HOP + i] += window[i] * window[i];
            }
        }
        this.inverseNorm = new float[paddedLength];
        for (int n = 0; n < paddedLength; n++) {
            float w = norm[n + N_FFT / 2];
            inverseNorm[n] = w > 1e-8f ? 1f / w : 0f;
        }
    }

    /** Frames per segment, {@code le = ceil(L / 1024)}. */
    public int frames() {
        return frames;
    }

    public int length() {
        return length;
    }

    /**
     * The spectrogram of one channel of a segment into the model's input layout.
     *
     * @param segment {@code float[L]} (at least), one audio channel
     * @param dst     the model input {@code [1, 2*C, 2048, le]}, row-major, absolute indexing
     * @param channel audio channel {@code c}: writes planes {@code 2c} (real) and {@code 2c+1}
     */
    public void forward(float[] segment, FloatBuffer dst, int channel) {
        // first padding: reflect by PAD before and PAD + le*HOP - L after; then torch's centre
        // padding: reflect by N_FFT/2 on both sides of that
        int half = N_FFT / 2;
        for (int k = 0; k < padded.length; k++) {
            int j = reflect(k - half, paddedLength);
            padded[k] = segment[reflect(j - PAD, length)];
        }
        float scale = (float) (1 / Math.sqrt(N_FFT));
        int plane = BINS * frames;
        int re = 2 * channel * plane;
        int im = re + plane;
        for (int t = 0; t < frames; t++) {
            stft.complexFrame(padded, (t + 2) * HOP, spectrum);
            for (int f = 0; f < BINS; f++) {
                dst.put(re + f * frames + t, spectrum[2 * f] * scale);
                dst.put(im + f * frames + t, spectrum[2 * f + 1] * scale);
            }
        }
    }

    /**
     * One source's channel back to the time domain.
     *
     * @param src     the model's spectral output, row-major, holding this source's
     *                {@code [2*C, 2048, le]} block at {@code offset}
     * @param offset  index of that block's first value
     * @param channel audio channel {@code c} (planes {@code 2c}, {@code 2c+1} of the block)
     * @param out     receives {@code float[L]}
     */
    public void inverse(float[] src, int offset, int channel, float[] out) {
        Arrays.fill(sum, 0f);
        float scale = (float) Math.sqrt(N_FFT);
        int plane = BINS * frames;
        int re = offset + 2 * channel * plane;
        int im = re + plane;
        for (int t = 0; t < frames; t++) {
            for (int f = 0; f < BINS; f++) {
                spectrum[2 * f] = src[re + f * frames + t] * scale;
                spectrum[2 * f + 1] = src[im + f * frames + t] * scale;
            }
            spectrum[2 * BINS] = 0f; // the dropped Nyquist bin comes back as zero
            spectrum[2 * BINS + 1] = 0f;
            inverse.windowedFrame(spectrum, frame);
            int base = (t + 2) * HOP; // frames 0, 1 and le+2, le+3 are the zeros put back
            for (int i = 0; i < N_FFT; i++) {
                sum[base + i] += frame[i];
            }
        }
        for (int i = 0; i < length; i++) {
            int n = PAD + i;
            out[i] = sum[n + N_FFT / 2] * inverseNorm[n];
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
