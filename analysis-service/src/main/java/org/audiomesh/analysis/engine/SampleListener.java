package org.audiomesh.analysis.engine;

/** Receives the samples of a stream as they are read, so that one pass over a file feeds several meters. */
@FunctionalInterface
public interface SampleListener {

    /**
     * @param interleaved samples in [-1, 1], interleaved by frame; valid only during the call
     * @param frames      frames in {@code interleaved} (each of the stream's channel count)
     */
    void samples(float[] interleaved, int frames);
}
