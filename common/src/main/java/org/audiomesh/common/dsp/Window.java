package org.audiomesh.common.dsp;

/**
 * Analysis and synthesis windows, as {@code float[length]} arrays of gains in [0, 1].
 *
 * <p>Use the periodic ("DFT-even") form for STFT analysis and resynthesis: its shifted copies
 * add up to a constant at hops of length/2, length/4, ..., which overlap-add relies on. Use the
 * symmetric form for FIR filter design and smoothing kernels.
 */
public final class Window {

    private Window() {
    }

    /**
     * Periodic Hann window, {@code w[i] = 0.5 - 0.5 cos(2 pi i / length)} (as numpy's
     * {@code scipy.signal.get_window("hann", length)} and librosa's STFT default).
     *
     * @param length window length in samples, at least 1
     * @return {@code float[length]}
     */
    public static float[] hannPeriodic(int length) {
        return hann(length, length);
    }

    /**
     * Symmetric Hann window, {@code w[i] = 0.5 - 0.5 cos(2 pi i / (length - 1))}: both ends are
     * zero and the peak is in the middle.
     *
     * @param length window length in samples, at least 1
     * @return {@code float[length]}
     */
    public static float[] hannSymmetric(int length) {
        return hann(length, length - 1);
    }

    private static float[] hann(int length, int denominator) {
        if (length < 1) {
            throw new IllegalArgumentException("window length must be positive: " + length);
        }
        float[] w = new float[length];
        if (length == 1) {
            w[0] = 1f;
            return w;
        }
        for (int i = 0; i < length; i++) {
            w[i] = (float) (0.5 - 0.5 * Math.cos(2.0 * Math.PI * i / denominator));
        }
        return w;
    }
}
