package org.audiomesh.analysis.engine;

/**
 * A local tempo per onset-envelope frame ({@link TempoEstimator#path}).
 *
 * @param periodFrames beat period at each frame, frames (fractional), {@code double[frames]}
 * @param confidence   0..1, mean periodicity of the windows along the path (as
 *                     {@link TempoEstimate#confidence()})
 */
public record TempoPath(double[] periodFrames, double confidence) {

    /** The same period at every one of {@code frames} frames. */
    public static TempoPath constant(double periodFrames, int frames, double confidence) {
        double[] p = new double[frames];
        java.util.Arrays.fill(p, periodFrames);
        return new TempoPath(p, confidence);
    }

    /** Largest over smallest period along the path: 1 for a steady tempo. */
    public double spread() {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double p : periodFrames) {
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        return max / min;
    }

    /** Median period, frames. */
    public double medianPeriod() {
        double[] sorted = periodFrames.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The path with every period divided by {@code factor} (2: twice the tempo). */
    public TempoPath scaled(double factor) {
        double[] p = new double[periodFrames.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = periodFrames[i] / factor;
        }
        return new TempoPath(p, confidence);
    }
}
