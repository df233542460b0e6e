package org.audiomesh.analysis.engine;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The key of a recording.
 *
 * @param key         tonic: "C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb" or "B";
 *                    null when the recording has no pitched content to judge by
 * @param mode        "major" or "minor"; null with {@code key}
 * @param confidence  0..1: how much better the best key fits the recording's pitch-class profile
 *                    than the best other key (0: a tie, or no key)
 */
public record KeyEstimate(
        @JsonProperty("key") String key,
        @JsonProperty("mode") String mode,
        @JsonProperty("key_confidence") double confidence) {

    /** No key could be estimated (silence, unpitched sound). */
    public static final KeyEstimate UNKNOWN = new KeyEstimate(null, null, 0.0);
}
