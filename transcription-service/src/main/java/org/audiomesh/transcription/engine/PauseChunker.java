package org.audiomesh.transcription.engine;

import org.audiomesh.common.audio.AudioSource;

import java.io.IOException;
import java.util.Arrays;

/**
 * Cuts a mono stream into chunks of at most {@code maxFrames} samples, each cut placed at the
 * quietest point of the chunk's last {@code searchFrames} samples, so that a cut falls into a
 * pause rather than a word. Holds one chunk in memory, whatever the length of the stream.
 *
 * <p>Quietness is the energy of 10 ms blocks smoothed over 50 ms; the cut is the centre of the
 * quietest smoothed block.
 */
public final class PauseChunker implements AudioChunker {

    private final AudioSource source;
    private final int maxFrames;
    private final int searchFrames;
    private final int block;
    private final float[] buffer;
    private final float[] scratch = new float[8192];
    private int filled;
    private long position;
    private boolean ended;

    /**
     * @param source       mono source (not closed by the chunker)
     * @param maxFrames    longest chunk in samples
     * @param searchFrames length in samples of the tail of a full chunk searched for a pause,
     *                     1..maxFrames
     */
    public PauseChunker(AudioSource source, int maxFrames, int searchFrames) {
        if (source.format().channels() != 1) {
            throw new IllegalArgumentException("the chunker reads mono audio");
        }
        if (searchFrames < 1 || searchFrames > maxFrames) {
            throw new IllegalArgumentException("need 1 <= searchFrames <= maxFrames");
        }
        this.source = source;
        this.maxFrames = maxFrames;
        this.searchFrames = searchFrames;
        this.block = Math.max(1, source.format().sampleRate() / 100);
        this.buffer = new float[maxFrames];
    }

    @Override
    public Chunk next() throws IOException {
        while (!ended && filled < maxFrames) {
            int n = source.read(scratch, Math.min(scratch.length, maxFrames - filled));
            if (n < 0) {
                ended = true;
            } else {
                System.arraycopy(scratch, 0, buffer, filled, n);
                filled += n;
            }
        }
        if (filled == 0) {
            return null;
        }
        int cut = ended && filled < maxFrames ? filled : quietestCut();
        Chunk c = new Chunk(position, Arrays.copyOf(buffer, cut));
        System.arraycopy(buffer, cut, buffer, 0, filled - cut);
        filled -= cut;
        position += cut;
        return c;
    }

    /** Index in {@code buffer} (1..filled) where a full buffer is cut. */
    private int quietestCut() {
        int from = filled - searchFrames;
        int blocks = searchFrames / block;
        if (blocks < 1) {
            return filled;
        }
        double[] energy = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            double e = 0;
            for (int i = from + b * block, end = i + block; i < end; i++) {
                e += buffer[i] * buffer[i];
            }
            energy[b] = e;
        }
        int best = blocks - 1;
        double bestEnergy = Double.MAX_VALUE;
        for (int b = 0; b < blocks; b++) {
            double e = 0;
            for (int k = Math.max(0, b - 2); k <= Math.min(blocks - 1, b + 2); k++) {
                e += energy[k];
            }
            if (e < bestEnergy) {
                bestEnergy = e;
                best = b;
            }
        }
        return Math.max(1, from + best * block + block / 2);
    }
}
