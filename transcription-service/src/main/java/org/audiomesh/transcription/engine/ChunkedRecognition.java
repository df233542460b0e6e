package org.audiomesh.transcription.engine;

import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.audio.SampleEncoding;
import org.audiomesh.common.audio.WavWriter;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.transcription.transcript.Word;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link SpeechRecognizer} over a whole file of any length: streams it as 16 kHz mono,
 * cuts it at pauses into chunks of at most {@code chunkSeconds} ({@link PauseChunker}), writes
 * each chunk to a temporary WAV, recognises it and shifts its word times by the chunk's offset.
 * Memory holds one chunk, not the file.
 */
public final class ChunkedRecognition {
    /** Sample rate the recognisers take (Hz). */
    public static final int RATE = 16_000;

    private final SpeechRecognizer recognizer;
    private final int chunkSeconds;

    /**
     * @param words           of the whole file, times in seconds from its start
     * @param chunks          how many pieces the recogniser got
     * @param durationSeconds of the audio read
     */
    public record Result(List<Word> words, int chunks, double durationSeconds) {
    }

    /**
     * @param chunkSeconds longest chunk in seconds, at least 2; the cut is searched in its last third
     */
    public ChunkedRecognition(SpeechRecognizer recognizer, int chunkSeconds) {
        if (chunkSeconds < 2) {
            throw new IllegalArgumentException("chunks must be at least 2 s long: " + chunkSeconds);
        }
        this.recognizer = recognizer;
        this.chunkSeconds = chunkSeconds;
    }

    /**
     * @param audio           input file (any format {@link AudioFiles} opens)
     * @param durationSeconds its duration, for progress (≤ 0 when unknown)
     * @param workDir         existing folder for the temporary chunk files
     * @param progress        receives 0..1 of the file recognised
     */
    public Result recognize(Path audio, double durationSeconds, Path workDir, ProgressListener progress)
            throws IOException {
        List<Word> words = new ArrayList<>();
        int maxFrames = chunkSeconds * RATE;
        long totalFrames = Math.max(1, Math.round(durationSeconds * RATE));
        int chunks = 0;
        long frames = 0;
        try (AudioSource mono = AudioFiles.openMono(audio, RATE)) {
            PauseChunker chunker = new PauseChunker(mono, maxFrames, maxFrames / 3);
            PauseChunker.Chunk chunk;
            while ((chunk = chunker.next()) != null) {
                double done = Math.min(1, (double) chunk.start() / totalFrames);
                progress.progress(done);
                Path wav = workDir.resolve("chunk-" + chunks + ".wav");
                try (WavWriter w = WavWriter.create(wav, RATE, 1, SampleEncoding.PCM_S16)) {
                    w.write(chunk.samples(), chunk.samples().length);
                }
                double offset = (double) chunk.start() / RATE;
                double chunkEnd = offset + (double) chunk.samples().length / RATE;
                try {
                    for (Word w : recognizer.recognize(wav, () -> progress.progress(done))) {
                        double start = Math.min(offset + w.start(), chunkEnd);
                        words.add(w.at(start, Math.min(Math.max(start, offset + w.end()), chunkEnd)));
                    }
                } finally {
                    Files.deleteIfExists(wav);
                }
                chunks++;
                frames = chunk.start() + chunk.samples().length;
            }
        }
        progress.progress(1);
        return new Result(words, chunks, (double) frames / RATE);
    }
}
