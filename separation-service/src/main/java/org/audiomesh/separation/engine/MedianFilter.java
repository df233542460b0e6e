package org.audiomesh.separation.engine;

import java.util.Arrays;

/**
 * Median filters over a magnitude spectrogram, the two halves of harmonic/percussive separation
 * (Fitzgerald 2010): along time, a median keeps what is steady (harmonic), along frequency what
 * is broadband (percussive). Values outside the spectrogram count as zero, as scipy's
 * {@code median_filter(mode="constant")} and librosa's {@code decompose.hpss} pad.
 *
 * <p>Holds scratch buffers sized at construction: not thread-safe, one per separation. The
 * filter methods allocate nothing.
 */
final class MedianFilter {
    private final int kernel;
    private final float[] column;
    private final float[] window;

    /** @param kernel odd kernel length, at least 1 (frames for {@link #acrossFrames}, bins for {@link #alongBins}) */
    MedianFilter(int kernel) {
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("median kernel must be odd and positive: " + kernel);
        }
        this.kernel = kernel;
        this.column = new float[kernel];
        this.window = new float[kernel];
    }

    int kernel() {
        return kernel;
    }

    /**
     * Median across frames, bin by bin: {@code out[k] = median(frames[0][k] .. frames[kernel-1][k])}.
     *
     * @param frames {@code float[kernel][bins]}, in any order (a ring buffer of consecutive frames)
     * @param out    receives {@code float[bins]}
     */
    void acrossFrames(float[][] frames, float[] out) {
        if (frames.length != kernel) {
            throw new IllegalArgumentException(frames.length + " frames for a kernel of " + kernel);
        }
        int bins = out.length;
        int mid = kernel / 2;
        for (int k = 0; k < bins; k++) {
            for (int i = 0; i < kernel; i++) {
                float v = frames[i][k];
                int j = i - 1;
                while (j >= 0 && column[j] > v) { // insertion sort: kernels are short
                    column[j + 1] = column[j];
                    j--;
                }
                column[j + 1] = v;
            }
            out[k] = column[mid];
        }
    }

    /**
     * Median along one frame's bins: {@code out[k] = median(in[k - kernel/2] .. in[k + kernel/2])},
     * bins outside {@code [0, in.length)} reading as zero. A sorted window slides along the
     * frame, so each bin costs O(kernel), not a sort.
     *
     * @param in  {@code float[bins]}
     * @param out receives {@code float[bins]}; must not be {@code in}
     */
    void alongBins(float[] in, float[] out) {
        int bins = in.length;
        int half = kernel / 2;
        // window for bin 0: half zeros, then in[0..half]
        for (int i = 0; i < kernel; i++) {
            int k = i - half;
            window[i] = k >= 0 && k < bins ? in[k] : 0f;
        }
        Arrays.sort(window);
        for (int k = 0; k < bins; k++) {
            out[k] = window[half];
            if (k + 1 < bins) {
                int leaving = k - half;
                int entering = k + half + 1;
                replace(leaving >= 0 ? in[leaving] : 0f, entering < bins ? in[entering] : 0f);
            }
        }
    }

    /** Removes one occurrence of {@code old} from the sorted window and inserts {@code value}. */
    private void replace(float old, float value) {
        int i = 0;
        while (i < kernel - 1 && window[i] != old) { // found: the values are copied, never recomputed
            i++;
        }
        // slide the gap towards where the new value belongs
        while (i > 0 && window[i - 1] > value) {
            window[i] = window[i - 1];
            i--;
        }
        while (i < kernel - 1 && window[i + 1] < value) {
            window[i] = window[i + 1];
            i++;
        }
        window[i] = value;
    }
}
