package org.audiomesh.transcription.diarization;

/**
 * A stretch of speech by one speaker.
 *
 * @param start   seconds
 * @param end     seconds
 * @param speaker label, {@code Speaker 1}, {@code Speaker 2}, ...
 */
public record SpeakerTurn(double start, double end, String speaker) {
}
