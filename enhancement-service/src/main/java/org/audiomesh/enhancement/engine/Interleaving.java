package org.audiomesh.enhancement.engine;

/** Conversions between planar blocks ({@code [channel][frame]}) and interleaved ones (frame by frame). */
final class Interleaving {
    private Interleaving() {
    }

    /** Writes {@code frames} frames of the first {@code channels} rows of {@code planar} interleaved into {@code out}. */
    static void interleave(float[][] planar, int channels, int frames, float[] out) {
        for (int c = 0; c < channels; c++) {
            float[] p = planar[c];
            for (int i = 0, j = c; i < frames; i++, j += channels) {
                out[j] = p[i];
            }
        }
    }

    /** Writes {@code frames} interleaved frames of {@code channels} channels of {@code in} into the rows of {@code planar}. */
    static void deinterleave(float[] in, int channels, int frames, float[][] planar) {
        for (int c = 0; c < channels; c++) {
            float[] p = planar[c];
            for (int i = 0, j = c; i < frames; i++, j += channels) {
                p[i] = in[j];
            }
        }
    }
}
