package org.audiomesh.enhancement.engine;

import java.io.IOException;

/** Receives enhanced audio as planar blocks: {@code block[channel][0..frames)}, valid only during the call. */
@FunctionalInterface
public interface PlanarSink {
    void accept(float[][] block, int frames) throws IOException;
}
