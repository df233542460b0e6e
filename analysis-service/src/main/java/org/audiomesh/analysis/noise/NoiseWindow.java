package org.audiomesh.analysis.noise;

/**
 * The noise features of one window of audio.
 *
 * @param start    start of the window, s
 * @param end      end of the window, s
 * @param features {@code float[NoiseFeatures.size()]}, in the order of {@code NoiseFeatures.NAMES}
 */
public record NoiseWindow(double start, double end, float[] features) {

    /** Index of {@code floor_db} (10th percentile of the frame levels) in the features. */
    static final int FLOOR_DB = org.audiomesh.common.dsp.NoiseFeatures.NAMES.indexOf("floor_db");

    /** The window's noise floor, dBFS: how loud its quietest moments are. */
    public double floorDb() {
        return features[FLOOR_DB];
    }
}
