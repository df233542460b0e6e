package org.audiomesh.separation.engine;

import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.worker.ProgressListener;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * One way of splitting a song into stems: the built-in spectral masks or an ONNX model. It pulls
 * the whole source and pushes stems, in time order, at the source's sample rate and channel
 * count and of its length, into a {@link StemSink}.
 */
public interface StemSeparator {

    /** Short stable name reported as the engine, e.g. {@code builtin}, {@code htdemucs}. */
    String name();

    /**
     * The stems this separator computes ({@link Stem#INSTRUMENTAL} always). The blocks of the
     * others are handed to the sink as silence.
     */
    Set<Stem> produces();

    /** Facts for the result JSON (model file, execution provider, ...); empty by default. */
    default Map<String, String> details() {
        return Map.of();
    }

    /**
     * Separates a source to its end (the source is not closed).
     *
     * @return frames of each stem written to the sink (the source's length)
     */
    long separate(AudioSource source, StemSink sink, ProgressListener progress) throws IOException;
}
