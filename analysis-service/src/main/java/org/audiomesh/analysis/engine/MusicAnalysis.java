package org.audiomesh.analysis.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.audiomesh.analysis.noise.NoiseResult;

/**
 * Everything the analysis finds in one recording. In JSON the rhythm and key fields sit at the
 * top level (snake_case, as {@link BeatAnalysis} and {@link KeyEstimate} name them) beside a
 * {@code loudness} object, {@code sample_rate}, {@code channels} and, when a noise classifier
 * ran, a {@code noise} object.
 *
 * @param rhythm      tempo, tempo curve, beats, downbeats, meter, onsets, duration
 * @param key         key and mode
 * @param loudness    loudness and peaks of the original channels
 * @param sampleRate  sample rate of the original audio, Hz
 * @param channels    channels of the original audio
 * @param noise       background noise class, probabilities and events, or null when no classifier ran
 */
@JsonPropertyOrder({"rhythm", "key", "loudness", "sample_rate", "channels", "noise"})
public record MusicAnalysis(
        @JsonUnwrapped BeatAnalysis rhythm,
        @JsonUnwrapped KeyEstimate key,
        @JsonProperty("loudness") Loudness loudness,
        @JsonProperty("sample_rate") int sampleRate,
        @JsonProperty("channels") int channels,
        @JsonProperty("noise") @JsonInclude(JsonInclude.Include.NON_NULL) NoiseResult noise) {
}
