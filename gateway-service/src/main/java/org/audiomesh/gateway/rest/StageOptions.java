package org.audiomesh.gateway.rest;

import org.audiomesh.common.error.ErrorCode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The stage options a client may send with a job, validated before anything is stored. Every
 * stage request of the job carries them; each stage reads its own.
 */
public final class StageOptions {
    public static final int MAX_LYRICS = 20_000;
    public static final int MAX_PROMPT = 2_000;

    /** One accepted option: its form-field name, what it means, and its check. */
    public record Spec(String name, String description, Predicate<String> valid) {
    }

    public static final List<Spec> SPECS = List.of(
            new Spec("language", "transcription: ISO 639-1 code such as 'en', or 'auto'",
                    Pattern.compile("auto|[a-z]{2,3}").asMatchPredicate()),
            new Spec("num_speakers", "transcription: expected number of speakers, 1 to 20",
                    v -> intBetween(v, 1, 20)),
            new Spec("lyrics", "transcription: known lyrics to align instead of free transcription, at most "
                    + MAX_LYRICS + " characters", v -> v.length() <= MAX_LYRICS),
            new Spec("task", "transcription: 'transcribe' or 'translate' (to English)",
                    Pattern.compile("transcribe|translate").asMatchPredicate()),
            new Spec("prompt", "transcription: text that conditions the recogniser (names, vocabulary), at most "
                    + MAX_PROMPT + " characters", v -> v.length() <= MAX_PROMPT),
            new Spec("beam_size", "transcription: beams for Whisper decoding, 1 (greedy) to 10",
                    v -> intBetween(v, 1, 10)),
            new Spec("stems", "separation: 'all' (vocals, drums, bass, other, instrumental), 'two-stems=vocals' or "
                    + "a comma list of those stems", Pattern.compile(
                    "all|two-stems=vocals|(vocals|drums|bass|other|instrumental)(,(vocals|drums|bass|other|instrumental))*")
                    .asMatchPredicate()),
            new Spec("format", "separation: stem file format, 'wav' or 'flac'",
                    Pattern.compile("wav|flac").asMatchPredicate()),
            new Spec("encoding", "separation: sample encoding of the stems, 'float32' (WAV default), 'pcm24' "
                    + "(FLAC default) or 'pcm16'", Pattern.compile("float32|pcm24|pcm16").asMatchPredicate()),
            new Spec("noise_hint", "enhancement: the background noise class (white, pink, brown, hum, babble, "
                    + "music, impulsive, speech, silence); in the speech pipeline the analysis' class is used",
                    Pattern.compile("white|pink|brown|hum|babble|music|impulsive|speech|silence").asMatchPredicate()),
            new Spec("attenuation_db", "enhancement: most noise attenuation in dB, 3 to 60 (default 25; 12 in "
                    + "the speech pipeline)", v -> intBetween(v, 3, 60)),
            new Spec("output_sample_rate", "enhancement: sample rate of enhanced.wav in Hz, 8000 to 192000",
                    v -> intBetween(v, 8000, 192_000)),
            new Spec("channel_mode", "enhancement: 'per_channel' or 'mid' (stereo as its mid signal)",
                    Pattern.compile("per_channel|mid").asMatchPredicate()),
            new Spec("hum_removal", "enhancement: 'auto' (remove 50/60 Hz hum when detected) or 'off'",
                    Pattern.compile("auto|off").asMatchPredicate()),
            new Spec("burst_removal", "enhancement: 'auto' (attenuate loud noise bursts) or 'off' (default off in "
                    + "the speech pipeline: the recogniser does better with the speech under a burst kept)",
                    Pattern.compile("auto|off").asMatchPredicate()));

    private StageOptions() {
    }

    /** @param raw form fields by name; blank ones are ignored */
    public static Map<String, String> of(Map<String, String> raw) {
        Map<String, String> options = new LinkedHashMap<>();
        for (Spec spec : SPECS) {
            String v = raw.get(spec.name());
            if (v == null || v.isBlank()) {
                continue;
            }
            String value = spec.name().equals("lyrics") || spec.name().equals("prompt") ? v : v.strip();
            if (!spec.valid().test(value)) {
                throw new ApiProblem(400, ErrorCode.INVALID_OPTION, spec.name() + ": " + spec.description());
            }
            options.put(spec.name(), value);
        }
        return options;
    }

    private static boolean intBetween(String v, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            return n >= min && n <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
