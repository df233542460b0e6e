package org.audiomesh.analysis.noise;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.audiomesh.analysis.engine.MusicAnalysisEngine;
import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioSource;

/**
 * The noise windows of a whole file or source, read as the analysis reads it (the same
 * {@link MusicAnalysisEngine#spectralPath spectral path}: 44.1 kHz becomes 22.05 kHz mono), for
 * training and evaluating the classifier outside an analysis.
 */
public final class NoiseWindowReader {

    private static final int CHUNK = 8192;

    private NoiseWindowReader() {
    }

    /** @throws IOException or {@code ProcessingException} when the file cannot be decoded */
    public static List<NoiseWindow> read(Path file) throws IOException {
        try (AudioSource source = AudioFiles.open(file)) {
            return read(source);
        }
    }

    /** Reads the source to its end (it is not closed). */
    public static List<NoiseWindow> read(AudioSource source) throws IOException {
        AudioSource mono = AudioFiles.mono(MusicAnalysisEngine.spectralPath(source));
        NoiseWindowCollector collector = new NoiseWindowCollector(mono.format().sampleRate());
        float[] buffer = new float[CHUNK];
        int n;
        while ((n = mono.read(buffer, CHUNK)) >= 0) {
            collector.samples(buffer, 0, n);
        }
        return collector.finish();
    }
}
