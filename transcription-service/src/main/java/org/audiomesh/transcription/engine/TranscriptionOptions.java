package org.audiomesh.transcription.engine;

import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The stage options of a transcription request, validated.
 *
 * @param language    ISO 639-1 code asked for, or {@code auto} (the default)
 * @param numSpeakers the number of speakers when the client knows it (1..20), else empty
 *                    (the diarizer decides)
 * @param lyrics      known lyrics, one line per lyric line, when the client sent them
 * @param translate   {@code task=translate}: English text from speech in another language
 * @param prompt      text that conditions the recogniser ({@code prompt}), e.g. names or vocabulary
 * @param beamSize    {@code beam_size} 1..10, empty for the service's default
 */
public record TranscriptionOptions(String language, Optional<Integer> numSpeakers, Optional<String> lyrics,
                                   boolean translate, Optional<String> prompt, Optional<Integer> beamSize) {
    public static final int MAX_SPEAKERS = 20;
    public static final int MAX_BEAMS = 10;
    /** Characters of prompt accepted. */
    public static final int MAX_PROMPT = 2_000;
    /** Characters of lyrics accepted, as the gateway's limit. */
    public static final int MAX_LYRICS = 20_000;

    /**
     * @throws ProcessingException {@code INVALID_OPTION} (not retryable) for a malformed value
     */
    public static TranscriptionOptions parse(Map<String, String> options) {
        String language = options.getOrDefault("language", "auto").strip().toLowerCase(Locale.ROOT);
        if (language.isEmpty()) {
            language = "auto";
        }
        if (!language.equals("auto") && !language.matches("[a-z]{2,3}([-_][a-z0-9]{2,8})*")) {
            throw invalid("language must be an ISO 639-1 code or 'auto', got '" + options.get("language") + "'");
        }
        Optional<Integer> speakers = Optional.empty();
        String n = options.get("num_speakers");
        if (n != null && !n.isBlank()) {
            try {
                int k = Integer.parseInt(n.strip());
                if (k < 1 || k > MAX_SPEAKERS) {
                    throw invalid("num_speakers must be between 1 and " + MAX_SPEAKERS + ", got " + k);
                }
                speakers = Optional.of(k);
            } catch (NumberFormatException e) {
                throw invalid("num_speakers must be a whole number, got '" + n + "'");
            }
        }
        String lyrics = options.get("lyrics");
        if (lyrics != null && lyrics.length() > MAX_LYRICS) {
            throw invalid("lyrics must be at most " + MAX_LYRICS + " characters");
        }
        String task = options.getOrDefault("task", "transcribe").strip().toLowerCase(Locale.ROOT);
        if (!task.isEmpty() && !task.equals("transcribe") && !task.equals("translate")) {
            throw invalid("task must be 'transcribe' or 'translate', got '" + options.get("task") + "'");
        }
        String prompt = options.get("prompt");
        if (prompt != null && prompt.length() > MAX_PROMPT) {
            throw invalid("prompt must be at most " + MAX_PROMPT + " characters");
        }
        Optional<Integer> beams = Optional.empty();
        String b = options.get("beam_size");
        if (b != null && !b.isBlank()) {
            try {
                int k = Integer.parseInt(b.strip());
                if (k < 1 || k > MAX_BEAMS) {
                    throw invalid("beam_size must be between 1 and " + MAX_BEAMS + ", got " + k);
                }
                beams = Optional.of(k);
            } catch (NumberFormatException e) {
                throw invalid("beam_size must be a whole number, got '" + b + "'");
            }
        }
        return new TranscriptionOptions(language, speakers,
                lyrics == null || lyrics.isBlank() ? Optional.empty() : Optional.of(lyrics),
                task.equals("translate"), prompt == null || prompt.isBlank() ? Optional.empty() : Optional.of(prompt.strip()),
                beams);
    }

    /** The primary language subtag ({@code en} for {@code en-GB}), or {@code auto}. */
    public String baseLanguage() {
        int cut = language.indexOf('-') >= 0 ? language.indexOf('-') : language.indexOf('_');
        return cut < 0 ? language : language.substring(0, cut);
    }

    static ProcessingException invalid(String message) {
        return ProcessingException.badInput(ErrorCode.INVALID_OPTION, message);
    }
}
