package org.audiomesh.common.audio;

import java.io.IOException;

/**
 * A pull-based stream of decoded audio, read in chunks so that long recordings never sit in
 * memory whole. Samples are floats in [-1, 1], interleaved by frame.
 */
public interface AudioSource extends AutoCloseable {

    AudioFormat format();

    /**
     * Reads up to {@code maxFrames} frames into {@code dst} (interleaved; {@code dst.length >=
     * maxFrames * channels}).
     *
     * @return frames read, or -1 at the end of the stream
     */
    int read(float[] dst, int maxFrames) throws IOException;

    @Override
    void close() throws IOException;
}
