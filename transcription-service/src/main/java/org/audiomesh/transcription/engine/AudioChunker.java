package org.audiomesh.transcription.engine;

import java.io.IOException;

/**
 * Cuts a mono stream into the pieces a recogniser takes, in time order: at pauses by energy
 * ({@link PauseChunker}) or around the speech a voice-activity detector found
 * ({@link org.audiomesh.transcription.vad.VadChunker}, which leaves silence out).
 */
public interface AudioChunker {
    /** A piece of the stream: {@code samples} start at frame {@code start} of the stream. */
    record Chunk(long start, float[] samples) {
    }

    /** The next chunk, or null at the end of the stream. */
    Chunk next() throws IOException;
}
