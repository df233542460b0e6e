package org.audiomesh.separation.onnx;

import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.worker.ProgressListener;

import java.io.IOException;
import java.util.Arrays;

/**
 * The segment loop of the ONNX engines: a stereo stream cut into overlapping windows of a
 * model's length, each window's outputs weighted and overlap-added, and every frame handed on,
 * divided by its summed weights, as soon as no later segment reaches it.
 *
 * <p>Segment {@code k} starts at mix frame {@code p = start + k * stride} ({@code start <= 0}:
 * MDX starts inside its leading zero padding) and covers {@code count = segment} frames, or at
 * the end of the song {@code min(segment, paddedEnd(L) - p)} where the reference pads a song of
 * {@code L} frames up to {@link SegmentModel#paddedEnd}. The model sees the mix at frames
 * {@code [p - lead, p - lead + segment)}, zeros outside the song, with {@code lead = 0}, or
 * {@code (segment - count) / 2} when the short last segment is centred in its window (demucs'
 * {@code TensorChunk.padded}); output sample {@code lead + i} belongs to frame {@code p + i}
 * ({@code center_trim}) and is weighted by {@code weights(count)[i]}. Segments run while
 * {@code p < L}; frames {@code [p, p + stride)} are final after segment {@code k}.
 *
 * <p>Memory: up to a window and a half of mix and one window of sums per output, whatever the song's
 * length. One instance per separation.
 */
final class SegmentOverlapAdd {

    /** The engine's side of the loop: its model, padding, weights and stems. */
    interface SegmentModel {
        /**
         * Runs the model on one window.
         *
         * @param window the mix, {@code [2][segment]} planar
         * @param out    receives the outputs, {@code [outputs][segment]}, aligned with the window
         */
        void run(float[][] window, float[][] out) throws IOException;

        /** Weights of a segment of {@code count} frames, {@code float[>= count]}. */
        float[] weights(int count);

        /** The frame the reference pads a song of {@code frames} frames up to (at least {@code frames}). */
        long paddedEnd(long frames);

        /**
         * Hands on final frames.
         *
         * @param estimates the overlap-added outputs divided by their summed weights,
         *                  {@code [outputs][>= frames]} planar
         * @param mix       the mix at the same frames, {@code [2][>= frames]} planar
         */
        void emit(float[][] estimates, float[][] mix, int frames) throws IOException;
    }

    private final SegmentModel model;
    private final int segment;
    private final int stride;
    private final int start;
    private final boolean centred;
    private final int maxLead;
    /** Mix, planar, covering frames [p - maxLead, p + segment) of the current segment p. */
    private final float[][] mix;
    private final float[][] window;
    private final float[][] out;
    /** Weighted sums and summed weights at frames [p, p + segment). */
    private final float[][] sums;
    private final float[] weightSum;
    private final float[][] estimates;
    private final float[][] finalMix;
    private final float[] read = new float[4096 * 2];
    private long filled;   // mix frames read so far
    private boolean ended;

    /**
     * @param segment model window in samples
     * @param stride  frames between segment starts, 1 to {@code segment}
     * @param start   frame where the first segment starts, {@code <= 0}
     * @param centred whether a short last segment is centred in its window (else it starts it)
     * @param outputs planes the model gives per window (sources x channels)
     */
    SegmentOverlapAdd(SegmentModel model, int segment, int stride, int start, boolean centred, int outputs) {
        if (stride < 1 || stride > segment || start > 0) {
            throw new IllegalArgumentException("segments of " + segment + " every " + stride + " from " + start);
        }
        this.model = model;
        this.segment = segment;
        this.stride = stride;
        this.start = start;
        this.centred = centred;
        this.maxLead = centred ? segment / 2 : 0;
        this.mix = new float[2][maxLead + segment];
        this.window = new float[2][segment];
        this.out = new float[outputs][segment];
        this.sums = new float[outputs][segment];
        this.weightSum = new float[segment];
        this.estimates = new float[outputs][stride];
        this.finalMix = new float[2][stride];
    }

    /**
     * Runs the whole stream.
     *
     * @param source         stereo, at the model's rate
     * @param expectedFrames frames the source will give, for progress; -1 when unknown
     */
    void run(AudioSource source, ProgressListener progress, long expectedFrames) throws IOException {
        for (long p = start; ; p += stride) {
            fillTo(source, p + segment);
            if (ended && p >= filled) {
                return;
            }
            int count = ended ? (int) Math.min(segment, model.paddedEnd(filled) - p) : segment;
            int lead = centred ? (segment - count) / 2 : 0;
            long bufferStart = p - maxLead;
            for (int c = 0; c < 2; c++) {
                float[] w = window[c];
                for (int j = 0; j < segment; j++) {
                    long frame = p - lead + j;
                    w[j] = frame >= 0 && frame < filled ? mix[c][(int) (frame - bufferStart)] : 0f;
                }
            }
            model.run(window, out);
            float[] weights = model.weights(count);
            for (int o = 0; o < out.length; o++) {
                float[] s = sums[o];
                float[] y = out[o];
                for (int i = 0; i < count; i++) {
                    s[i] += weights[i] * y[lead + i];
                }
            }
            for (int i = 0; i < count; i++) {
                weightSum[i] += weights[i];
            }
            long emitEnd = emit(p);
            shift();
            if (expectedFrames > 0) {
                progress.progress(Math.max(0, Math.min(1.0, (double) emitEnd / expectedFrames)));
            }
        }
    }

    /** Reads until the mix buffer holds frames up to {@code end} (exclusive) or the input ends. */
    private void fillTo(AudioSource source, long end) throws IOException {
        long bufferStart = end - segment - maxLead;
        while (!ended && filled < end) {
            int got = source.read(read, (int) Math.min(read.length / 2, end - filled));
            if (got < 0) {
                ended = true;
                break;
            }
            for (int k = 0; k < got; k++) {
                int at = (int) (filled + k - bufferStart);
                mix[0][at] = finite(read[2 * k]);
                mix[1][at] = finite(read[2 * k + 1]);
            }
            filled += got;
        }
    }

    /** Hands on frames [p, p + stride) inside the song; returns the end of what is handed on. */
    private long emit(long p) throws IOException {
        long first = Math.max(p, 0);
        long last = Math.min(p + stride, ended ? filled : Long.MAX_VALUE);
        int frames = (int) Math.max(0, last - first);
        if (frames == 0) {
            return first;
        }
        int from = (int) (first - p);
        for (int o = 0; o < sums.length; o++) {
            for (int k = 0; k < frames; k++) {
                estimates[o][k] = sums[o][from + k] / weightSum[from + k];
            }
        }
        for (int c = 0; c < 2; c++) {
            System.arraycopy(mix[c], maxLead + from, finalMix[c], 0, frames);
        }
        model.emit(estimates, finalMix, frames);
        return last;
    }

    /** Moves the mix buffer and the sums on by a stride. */
    private void shift() {
        for (float[] m : mix) {
            System.arraycopy(m, stride, m, 0, m.length - stride);
            Arrays.fill(m, m.length - stride, m.length, 0f);
        }
        for (float[] s : sums) {
            System.arraycopy(s, stride, s, 0, segment - stride);
            Arrays.fill(s, segment - stride, segment, 0f);
        }
        System.arraycopy(weightSum, stride, weightSum, 0, segment - stride);
        Arrays.fill(weightSum, segment - stride, segment, 0f);
    }

    private static float finite(float v) {
        return Float.isFinite(v) ? v : 0f;
    }
}
