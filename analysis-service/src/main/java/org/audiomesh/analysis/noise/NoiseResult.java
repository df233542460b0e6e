package org.audiomesh.analysis.noise;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The background noise of a recording, as {@code noise} in the analysis result.
 *
 * @param noiseClass    class of the background (from the quietest windows), or {@code unknown}
 *                      when the audio is shorter than half a window
 * @param confidence    probability of that class, 0..1
 * @param probabilities mean class probabilities over the background windows, in the model's class order
 * @param events        runs of windows with the same class, in time order
 * @param model         id of the model that classified
 */
@JsonPropertyOrder({"class", "confidence", "probabilities", "events", "model"})
public record NoiseResult(
        @JsonProperty("class") String noiseClass,
        @JsonProperty("confidence") double confidence,
        @JsonProperty("probabilities") Map<String, Double> probabilities,
        @JsonProperty("events") List<NoiseEvent> events,
        @JsonProperty("model") String model) {
}
