package org.audiomesh.gateway.rest;

import org.audiomesh.common.error.ErrorCode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The stage options a client may send with a job, validated before anything is stored:
 * {@code language} (ISO 639-1 code or {@code auto}), {@code num_speakers} (1..20),
 * {@code lyrics} (known lyrics text, at most 20,000 characters).
 */
public final class StageOptions {
    private static final Pattern LANGUAGE = Pattern.compile("auto|[a-z]{2,3}");
    public static final int MAX_LYRICS = 20_000;

    private StageOptions() {
    }

    public static Map<String, String> of(String language, String numSpeakers, String lyrics) {
        Map<String, String> options = new LinkedHashMap<>();
        if (language != null && !language.isBlank()) {
            if (!LANGUAGE.matcher(language.strip()).matches()) {
                throw invalid("language must be an ISO 639-1 code such as 'en', or 'auto'");
            }
            options.put("language", language.strip());
        }
        if (numSpeakers != null && !numSpeakers.isBlank()) {
            try {
                int n = Integer.parseInt(numSpeakers.strip());
                if (n < 1 || n > 20) {
                    throw invalid("num_speakers must be between 1 and 20");
                }
                options.put("num_speakers", Integer.toString(n));
            } catch (NumberFormatException e) {
                throw invalid("num_speakers must be a whole number");
            }
        }
        if (lyrics != null && !lyrics.isBlank()) {
            if (lyrics.length() > MAX_LYRICS) {
                throw invalid("lyrics must be at most " + MAX_LYRICS + " characters");
            }
            options.put("lyrics", lyrics);
        }
        return options;
    }

    private static ApiProblem invalid(String detail) {
        return new ApiProblem(400, ErrorCode.INVALID_OPTION, detail);
    }
}
