package org.audiomesh.transcription.engine;

import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.transcription.transcript.Word;
import org.audiomesh.transcription.vad.SileroVad;
import org.audiomesh.transcription.vad.SpeechRegions;
import org.audiomesh.transcription.vad.VadChunker;
import org.audiomesh.transcription.vad.VoiceActivity;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link SpeechRecognizer} over a whole file of any length, streamed as 16 kHz mono. With
 * a voice-activity detector, a first pass finds the speech and only the speech reaches the
 * recogniser, in chunks of at most {@code chunkSeconds} cut at pauses ({@link VadChunker}):
 * silence and instrumental passages are never transcribed, so nothing is invented there.
 * Without one, the whole file is cut at the quietest points ({@link PauseChunker}). Word times
 * are shifted by each chunk's offset. Memory holds one chunk (and one probability per 32 ms),
 * not the file.
 */
public final class ChunkedRecognition {
    /** Sample rate the recognisers take (Hz). */
    public static final int RATE = 16_000;
    /** Share of the progress the voice-activity pass takes. */
    private static final double VAD_SHARE = 0.1;

    private final SpeechRecognizer recognizer;
    private final int chunkSeconds;
    private final SileroVad vad;
    private final SpeechRegions.Settings vadSettings;

    /**
     * @param words           of the whole file, times in seconds from its start
     * @param chunks          how many pieces the recogniser got
     * @param durationSeconds of the audio read
     * @param speechSeconds   of speech found by the voice-activity detector (the whole duration without one)
     * @param session         the recogniser's session (language found, details)
     */
    public record Result(List<Word> words, int chunks, double durationSeconds, double speechSeconds,
                         SpeechRecognizer.Session session) {
    }

    /**
     * @param chunkSeconds longest chunk in seconds, at least 2; the cut is searched in its last third
     */
    public ChunkedRecognition(SpeechRecognizer recognizer, int chunkSeconds) {
        this(recognizer, chunkSeconds, null, SpeechRegions.Settings.defaults());
    }

    /**
     * @param vad voice-activity detector, or null to transcribe everything
     */
    public ChunkedRecognition(SpeechRecognizer recognizer, int chunkSeconds, SileroVad vad,
                              SpeechRegions.Settings vadSettings) {
        if (chunkSeconds < 2) {
            throw new IllegalArgumentException("chunks must be at least 2 s long: " + chunkSeconds);
        }
        this.recognizer = recognizer;
        this.chunkSeconds = chunkSeconds;
        this.vad = vad;
        this.vadSettings = vadSettings;
    }

    /** As {@link #recognize(Path, double, Path, ProgressListener, String, RecognitionOptions)} in English. */
    public Result recognize(Path audio, double durationSeconds, Path workDir, ProgressListener progress)
            throws IOException {
        return recognize(audio, durationSeconds, workDir, progress, "en", RecognitionOptions.defaults());
    }

    /**
     * @param audio           input file (any format {@link AudioFiles} opens)
     * @param durationSeconds its duration, for progress (≤ 0 when unknown)
     * @param workDir         existing folder for temporary files
     * @param progress        receives 0..1 of the file recognised
     * @param language        ISO 639-1 code, or null for the recogniser to detect
     */
    public Result recognize(Path audio, double durationSeconds, Path workDir, ProgressListener progress,
                            String language, RecognitionOptions options) throws IOException {
        int maxFrames = chunkSeconds * RATE;
        long totalFrames = Math.max(1, Math.round(durationSeconds * RATE));
        VoiceActivity activity = null;
        double share = 0;
        if (vad != null) {
            activity = VoiceActivity.detect(audio, vad, vadSettings,
                    s -> progress.progress(VAD_SHARE * Math.min(1, s * RATE / totalFrames)));
            share = VAD_SHARE;
        }
        SpeechRecognizer.Session session = recognizer.open(language, options);
        List<Word> words = new ArrayList<>();
        int chunks = 0;
        long frames = 0;
        try (AudioSource mono = AudioFiles.openMono(audio, RATE)) {
            AudioChunker chunker = activity == null ? new PauseChunker(mono, maxFrames, maxFrames / 3)
                    : new VadChunker(mono, VadChunker.plan(activity.regions(), activity.probabilities(),
                    activity.count(), SileroVad.WINDOW, maxFrames));
            AudioChunker.Chunk chunk;
            while ((chunk = chunker.next()) != null) {
                double done = share + (1 - share) * Math.min(1, (double) chunk.start() / totalFrames);
                progress.progress(done);
                double offset = (double) chunk.start() / RATE;
                double chunkEnd = offset + (double) chunk.samples().length / RATE;
                for (Word w : session.recognize(chunk.samples(), workDir, () -> progress.progress(done))) {
                    double start = Math.min(offset + w.start(), chunkEnd);
                    words.add(w.at(start, Math.min(Math.max(start, offset + w.end()), chunkEnd)));
                }
                chunks++;
                frames = chunk.start() + chunk.samples().length;
            }
        }
        progress.progress(1);
        double duration = activity != null ? activity.totalSamples() / (double) RATE : (double) frames / RATE;
        double speech = activity != null ? activity.speechSeconds() : duration;
        return new Result(words, chunks, duration, speech, session);
    }
}
