package org.audiomesh.analysis.engine;

/**
 * A global tempo.
 *
 * @param bpm          beats per minute
 * @param periodFrames beat period in onset-envelope frames (fractional)
 * @param confidence   0..1: mean normalised autocorrelation of the onset envelope at the period
 *                     and its multiples (1 for a perfectly periodic envelope, about 0 for noise)
 */
public record TempoEstimate(double bpm, double periodFrames, double confidence) {
}
