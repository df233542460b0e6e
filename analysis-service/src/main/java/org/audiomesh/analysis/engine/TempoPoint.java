package org.audiomesh.analysis.engine;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The local tempo at one point of a recording.
 *
 * @param time seconds from the start of the audio
 * @param bpm  beats per minute around that time
 */
public record TempoPoint(@JsonProperty("time") double time, @JsonProperty("bpm") double bpm) {
}
