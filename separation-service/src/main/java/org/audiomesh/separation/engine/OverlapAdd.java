package org.audiomesh.separation.engine;

/**
 * Streaming weighted overlap-add for one multichannel signal: windowed inverse-FFT frames
 * (from {@link org.audiomesh.common.dsp.InverseStft#windowedFrame}) are added at successive hops,
 * and each hop of samples that no later frame touches is handed out, divided by the sum of
 * squared windows at its position. The whole-signal {@code InverseStft.overlapAdd} computes the
 * same thing with the signal in memory; this keeps only one frame per channel.
 *
 * <p>Every output sample is assumed covered by {@code frameSize / hop} frames (the caller starts
 * {@code frameSize - hop} samples before the signal and runs past its end), so the normalisation
 * depends only on the position within the hop.
 *
 * <p>Not thread-safe; allocates nothing after construction.
 */
final class OverlapAdd {
    private final int frameSize;
    private final int hop;
    private final float[][] sum;
    private final float[] inverseNorm;

    /**
     * @param frameSize frame length N in samples, a multiple of {@code hop}
     * @param hop       hop H in samples
     * @param window    synthesis window {@code float[N]} (the analysis window)
     * @param channels  channel count
     */
    OverlapAdd(int frameSize, int hop, float[] window, int channels) {
        if (hop < 1 || frameSize % hop != 0 || window.length != frameSize) {
            throw new IllegalArgumentException("frame " + frameSize + " is not a multiple of hop " + hop
                    + " or the window is " + window.length + " long");
        }
        this.frameSize = frameSize;
        this.hop = hop;
        this.sum = new float[channels][frameSize];
        this.inverseNorm = new float[hop];
        for (int i = 0; i < hop; i++) {
            double norm = 0;
            for (int j = i; j < frameSize; j += hop) {
                norm += (double) window[j] * window[j];
            }
            if (norm < 1e-6) {
                throw new IllegalArgumentException("window does not overlap-add at hop " + hop);
            }
            inverseNorm[i] = (float) (1.0 / norm);
        }
    }

    /** Adds one windowed frame ({@code float[N]}) of a channel at the current position. */
    void add(int channel, float[] windowedFrame) {
        float[] s = sum[channel];
        for (int i = 0; i < frameSize; i++) {
            s[i] += windowedFrame[i];
        }
    }

    /**
     * Hands out the next {@code hop} finished samples of every channel and moves on by a hop.
     * Call once per frame, after {@link #add} for every channel.
     *
     * @param out receives {@code float[channels][hop]}
     */
    void emit(float[][] out) {
        for (int c = 0; c < sum.length; c++) {
            float[] s = sum[c];
            float[] o = out[c];
            for (int i = 0; i < hop; i++) {
                o[i] = s[i] * inverseNorm[i];
            }
            System.arraycopy(s, hop, s, 0, frameSize - hop);
            java.util.Arrays.fill(s, frameSize - hop, frameSize, 0f);
        }
    }
}
