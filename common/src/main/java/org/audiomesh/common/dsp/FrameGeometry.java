package org.audiomesh.common.dsp;

/** The checks every STFT-shaped transform makes of its frame size, hop and window. */
final class FrameGeometry {
    private FrameGeometry() {
    }

    /**
     * @param frameSize FFT length N in samples, even, at least 2
     * @param hop       hop H in samples, 1..N
     * @param window    {@code float[N]}
     * @throws IllegalArgumentException when they do not fit together
     */
    static void check(int frameSize, int hop, float[] window) {
        if (frameSize < 2 || frameSize % 2 != 0) {
            throw new IllegalArgumentException("frame size must be even and >= 2: " + frameSize);
        }
        if (hop < 1 || hop > frameSize) {
            throw new IllegalArgumentException("hop must be in 1.." + frameSize + ": " + hop);
        }
        if (window.length != frameSize) {
            throw new IllegalArgumentException(
                    "window length " + window.length + " != frame size " + frameSize);
        }
    }
}
