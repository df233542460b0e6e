package org.audiomesh.analysis.noise;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A run of consecutive windows that the classifier put in the same class.
 *
 * @param start      s
 * @param end        s
 * @param noiseClass class of every window in the run
 * @param confidence mean probability of that class over the run, 0..1
 */
public record NoiseEvent(
        @JsonProperty("start") double start,
        @JsonProperty("end") double end,
        @JsonProperty("class") String noiseClass,
        @JsonProperty("confidence") double confidence) {
}
