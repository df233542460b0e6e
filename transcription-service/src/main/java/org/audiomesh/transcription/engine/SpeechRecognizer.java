package org.audiomesh.transcription.engine;

import org.audiomesh.transcription.transcript.Word;

import org.audiomesh.common.audio.SampleEncoding;
import org.audiomesh.common.audio.WavWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A speech recogniser that turns one chunk of audio into timed words. The chunking, the
 * speaker labels and the output formats are the stage's job ({@link TranscriptionStage}), so an
 * implementation only wraps one recogniser.
 */
public interface SpeechRecognizer {

    /** Short stable name reported in results, health and metrics, e.g. {@code pocketsphinx}. */
    String name();

    /** Empty when the recogniser can run; otherwise why not, with the install hint. */
    Optional<String> unavailableReason();

    /** Whether it transcribes {@code language} (ISO 639-1). */
    boolean supportsLanguage(String language);

    /**
     * Recognises one chunk.
     *
     * @param wav       16 kHz mono 16-bit PCM WAV file of at most a few tens of seconds
     * @param heartbeat called at least every 200 ms while the recogniser runs; it may throw
     *                  {@link java.util.concurrent.CancellationException} to stop it
     * @return words in time order, times in seconds from the start of {@code wav}
     * @throws org.audiomesh.common.error.ProcessingException {@code ENGINE_UNAVAILABLE} when it
     *                                                        cannot be started, {@code ENGINE_ERROR}
     *                                                        when it fails
     */
    List<Word> recognize(Path wav, Runnable heartbeat);

    /** Whether the recogniser can find the language itself (request language {@code auto}). */
    default boolean detectsLanguage() {
        return false;
    }

    /** Whether it can translate into English (option {@code task=translate}). */
    default boolean translates() {
        return false;
    }

    /**
     * Starts the recognition of one recording: the pieces of the recording are handed to the
     * session in time order, so a recogniser can carry state from one to the next (the detected
     * language, the previous text). The default writes each piece to a WAV file for
     * {@link #recognize(Path, Runnable)}.
     *
     * @param language ISO 639-1 code, or null to let the recogniser detect it
     */
    default Session open(String language, RecognitionOptions options) {
        SpeechRecognizer self = this;
        return (samples, work, heartbeat) -> {
            Path wav = Files.createTempFile(work, "chunk-", ".wav");
            try {
                try (WavWriter w = WavWriter.create(wav, ChunkedRecognition.RATE, 1, SampleEncoding.PCM_S16)) {
                    w.write(samples, samples.length);
                }
                return self.recognize(wav, heartbeat);
            } finally {
                Files.deleteIfExists(wav);
            }
        };
    }

    /** The recognition of one recording, piece by piece. */
    interface Session {
        /**
         * @param samples 16 kHz mono audio of one piece (at most a few tens of seconds)
         * @param work    existing folder for temporary files
         * @return words with times in seconds from the start of the piece
         */
        List<Word> recognize(float[] samples, Path work, Runnable heartbeat) throws IOException;

        /** The language recognised, when the session found it; null when it was given. */
        default String language() {
            return null;
        }

        /** Engine details for the result (e.g. language probabilities, word-timing method). */
        default Map<String, Object> details() {
            return Map.of();
        }
    }
}
