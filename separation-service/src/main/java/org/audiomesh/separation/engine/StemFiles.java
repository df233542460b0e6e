package org.audiomesh.separation.engine;

import org.audiomesh.common.audio.SampleEncoding;
import org.audiomesh.common.audio.WavWriter;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the chosen stems, as they come out of a separation, to WAV files in a scratch folder
 * ({@code <stem>.wav}) and measures their levels. The stage publishes the files afterwards: the
 * blob store takes one file at a time, a separation produces all stems at once.
 */
final class StemFiles implements StemSink, Closeable {
    private final Path folder;
    private final Map<Stem, WavWriter> writers = new EnumMap<>(Stem.class);
    private final Map<Stem, LevelMeter> levels = new EnumMap<>(Stem.class);
    private final int channels;

    /**
     * @param folder     scratch folder (exists, private to this separation)
     * @param stems      stems to write
     * @param sampleRate Hz
     * @param channels   channel count
     * @param encoding   sample encoding of the files
     */
    StemFiles(Path folder, List<Stem> stems, int sampleRate, int channels, SampleEncoding encoding) throws IOException {
        this.folder = folder;
        this.channels = channels;
        try {
            for (Stem stem : stems) {
                writers.put(stem, WavWriter.create(file(stem), sampleRate, channels, encoding));
                levels.put(stem, new LevelMeter());
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void write(float[][] stems, int frames) throws IOException {
        for (Map.Entry<Stem, WavWriter> e : writers.entrySet()) {
            float[] block = stems[e.getKey().ordinal()];
            e.getValue().write(block, frames);
            levels.get(e.getKey()).add(block, frames * channels);
        }
    }

    /** The scratch file of a stem. */
    Path file(Stem stem) {
        return folder.resolve(stem.id() + ".wav");
    }

    LevelMeter level(Stem stem) {
        return levels.get(stem);
    }

    /** Completes every file's header; call before reading the files. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (WavWriter w : writers.values()) {
            try {
                w.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
