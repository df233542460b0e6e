package org.audiomesh.separation.engine;

import java.io.IOException;

/** Receives a separation's stems block by block, in time order. */
@FunctionalInterface
public interface StemSink {
    /**
     * @param stems  one interleaved block per {@link Stem}, indexed by {@link Stem#ordinal()},
     *               each {@code float[frames * channels]} (at least); valid only during the call
     * @param frames frames in each block
     */
    void write(float[][] stems, int frames) throws IOException;
}
