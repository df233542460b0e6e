package org.audiomesh.transcription.engine;

import org.audiomesh.transcription.transcript.Word;

import java.nio.file.Path;
import java.util.List;
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
}
