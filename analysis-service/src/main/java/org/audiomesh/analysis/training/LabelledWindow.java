package org.audiomesh.analysis.training;

/**
 * The features of one training window and the class of the clip it came from.
 *
 * @param label    class name
 * @param features {@code float[NoiseFeatures.size()]}
 */
public record LabelledWindow(String label, float[] features) {
}
