package org.audiomesh.analysis.noise;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Standardises feature vectors: {@code (x - mean) / std} per feature, with the means and standard
 * deviations of the training windows (a feature that never varied keeps std 1). Stored beside the
 * model as {@code scaler.json}.
 *
 * @param features feature names, in vector order
 * @param mean     per feature
 * @param std      per feature, positive
 */
public record FeatureScaler(
        @JsonProperty("features") List<String> features,
        @JsonProperty("mean") double[] mean,
        @JsonProperty("std") double[] std) {

    /** Fits means and standard deviations to {@code rows} ({@code float[n][features]}). */
    public static FeatureScaler fit(List<String> features, List<float[]> rows) {
        int d = features.size();
        double[] mean = new double[d];
        double[] sq = new double[d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
                sq[j] += (double) r[j] * r[j];
            }
        }
        int n = Math.max(1, rows.size());
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
            double var = sq[j] / n - mean[j] * mean[j];
            std[j] = var > 1e-12 ? Math.sqrt(var) : 1.0;
        }
        return new FeatureScaler(List.copyOf(features), mean, std);
    }

    /** @param out receives the standardised vector, {@code double[features]} */
    public void apply(float[] x, double[] out) {
        for (int j = 0; j < mean.length; j++) {
            out[j] = (x[j] - mean[j]) / std[j];
        }
    }

    /** Whether the arrays match the feature list and every std is positive and finite. */
    public boolean consistent() {
        if (features == null || mean == null || std == null || mean.length != features.size()
                || std.length != features.size()) {
            return false;
        }
        for (int j = 0; j < std.length; j++) {
            if (!(std[j] > 0) || !Double.isFinite(std[j]) || !Double.isFinite(mean[j])) {
                return false;
            }
        }
        return true;
    }
}
