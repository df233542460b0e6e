package org.audiomesh.transcription.vad;

import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.transcription.engine.AudioChunker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Chunks a mono stream around its speech: neighbouring speech regions are grouped into one
 * chunk while the group spans at most {@code maxFrames}; a region longer than that is cut at the
 * window of lowest speech probability in the last third of each piece; everything outside the
 * groups (silence, instrumental passages) is read past and never reaches the recogniser.
 */
public final class VadChunker implements AudioChunker {
    private final AudioSource source;
    private final List<long[]> pieces;
    private final float[] scratch = new float[8192];
    private int next;
    private long position;

    /**
     * @param source mono stream at the rate the regions were found at, read from its start
     * @param pieces from {@link #plan}
     */
    public VadChunker(AudioSource source, List<long[]> pieces) {
        this.source = source;
        this.pieces = List.copyOf(pieces);
    }

    /** The chunks as {@code [start, end)} sample ranges, in order. */
    public List<long[]> pieces() {
        return pieces;
    }

    /**
     * Groups {@code regions} into chunks of at most {@code maxFrames} samples.
     *
     * @param probabilities speech probability per window of {@code window} samples, used to place
     *                      cuts inside long regions
     */
    public static List<long[]> plan(List<SpeechRegions.Region> regions, float[] probabilities, int count,
                                    int window, int maxFrames) {
        List<long[]> out = new ArrayList<>();
        int i = 0;
        while (i < regions.size()) {
            long start = regions.get(i).start();
            long end = regions.get(i).end();
            while (end - start > maxFrames) {
                long cut = quietest(probabilities, count, window, start + 2L * maxFrames / 3, start + maxFrames);
                out.add(new long[]{start, cut});
                start = cut;
            }
            int j = i + 1;
            while (j < regions.size() && regions.get(j).end() - start <= maxFrames) {
                end = regions.get(j).end();
                j++;
            }
            out.add(new long[]{start, end});
            i = j;
        }
        return out;
    }

    private static long quietest(float[] probabilities, int count, int window, long from, long to) {
        long best = to;
        float bestP = Float.MAX_VALUE;
        for (long w = (from + window - 1) / window; w * window < to && w < count; w++) {
            if (probabilities[(int) w] < bestP) {
                bestP = probabilities[(int) w];
                best = w * window;
            }
        }
        return Math.max(from, Math.min(best, to));
    }

    @Override
    public Chunk next() throws IOException {
        if (next >= pieces.size()) {
            return null;
        }
        long[] piece = pieces.get(next++);
        while (position < piece[0]) {
            int n = source.read(scratch, (int) Math.min(scratch.length, piece[0] - position));
            if (n < 0) {
                return null;
            }
            position += n;
        }
        float[] samples = new float[(int) (piece[1] - piece[0])];
        int filled = 0;
        while (filled < samples.length) {
            int n = source.read(scratch, Math.min(scratch.length, samples.length - filled));
            if (n < 0) {
                break;
            }
            System.arraycopy(scratch, 0, samples, filled, n);
            filled += n;
        }
        position += filled;
        return new Chunk(piece[0], filled == samples.length ? samples : java.util.Arrays.copyOf(samples, filled));
    }
}
