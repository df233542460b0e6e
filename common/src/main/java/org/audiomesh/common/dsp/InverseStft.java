package org.audiomesh.common.dsp;

/**
 * Inverse short-time Fourier transform by weighted overlap-add, the counterpart of {@link Stft}.
 *
 * <p>Each complex frame ({@code float[2 * bins]}, interleaved re/im, {@code bins = N/2 + 1}) is
 * inverse transformed, multiplied by the synthesis window and added at its position; the sum is
 * divided by the sum of squared windows at each sample (window-sum normalisation, as librosa's
 * {@code istft}). With the same window used for analysis this reconstructs the signal exactly
 * wherever the squared windows overlap to a non-negligible sum, for any hop up to N/2.
 *
 * <p>Holds an FFT plan and a scratch buffer: not thread-safe, create one per thread and reuse it.
 */
public final class InverseStft {

    /** Below this window-square sum a sample is treated as uncovered and set to zero. */
    private static final float MIN_WINDOW_SUM = 1e-8f;

    private final int frameSize;
    private final int hop;
    private final float[] window;
    private final RealFft fft;
    private final float[] scratch;

    /**
     * @param frameSize FFT length N in samples, even, at least 2
     * @param hop       hop H in samples, 1..N
     * @param window    synthesis window, {@code float[N]} (normally the analysis window); copied
     */
    public InverseStft(int frameSize, int hop, float[] window) {
        FrameGeometry.check(frameSize, hop, window);
        this.frameSize = frameSize;
        this.hop = hop;
        this.window = window.clone();
        this.fft = new RealFft(frameSize);
        this.scratch = new float[frameSize];
    }

    /** FFT length N in samples. */
    public int frameSize() {
        return frameSize;
    }

    /** Hop H in samples. */
    public int hop() {
        return hop;
    }

    /**
     * One frame back to the time domain, multiplied by the synthesis window (not yet normalised).
     *
     * @param spectrum {@code float[2 * bins]}, interleaved re/im
     * @param out      receives {@code float[N]} windowed samples
     */
    public void windowedFrame(float[] spectrum, float[] out) {
        Stft.pack(spectrum, scratch, frameSize);
        fft.inverse(scratch);
        for (int i = 0; i < frameSize; i++) {
            out[i] = scratch[i] * window[i];
        }
    }

    /**
     * Reconstructs a signal from centred frames (frame {@code t} centred on sample {@code t*H},
     * as produced by {@link Stft#complexFrames(float[])}).
     *
     * @param spectra {@code float[frames][2 * bins]}
     * @param length  output length in samples
     * @return {@code float[length]}
     */
    public float[] overlapAdd(float[][] spectra, int length) {
        int offset = frameSize / 2;
        // work buffer covers the frames' full extent, including the halves hanging over the edges
        int extent = (spectra.length - 1) * hop + frameSize;
        float[] sum = new float[Math.max(extent, length + offset)];
        float[] norm = new float[sum.length];
        float[] frame = new float[frameSize];
        for (int t = 0; t < spectra.length; t++) {
            windowedFrame(spectra[t], frame);
            int base = t * hop;
            for (int i = 0; i < frameSize; i++) {
                sum[base + i] += frame[i];
                norm[base + i] += window[i] * window[i];
            }
        }
        float[] out = new float[length];
        for (int n = 0; n < length; n++) {
            float w = norm[n + offset];
            out[n] = w > MIN_WINDOW_SUM ? sum[n + offset] / w : 0f;
        }
        return out;
    }
}
