package org.audiomesh.analysis.engine;

/**
 * Beat-tracking evaluation as in mir_eval's {@code beat.f_measure}: an estimated beat is a hit
 * when it lies within the tolerance of a reference beat not yet matched (greedy, in time order).
 */
final class BeatMetrics {

    /** The usual tolerance window, seconds. */
    static final double TOLERANCE = 0.07;

    private BeatMetrics() {
    }

    /** F-measure (0..1) of estimated against reference beat times, seconds, ±70 ms. */
    static double fMeasure(double[] reference, double[] estimated) {
        return fMeasure(reference, estimated, TOLERANCE);
    }

    static double fMeasure(double[] reference, double[] estimated, double tolerance) {
        if (reference.length == 0 && estimated.length == 0) {
            return 1.0;
        }
        if (reference.length == 0 || estimated.length == 0) {
            return 0.0;
        }
        boolean[] used = new boolean[reference.length];
        int hits = 0;
        for (double e : estimated) {
            int best = -1;
            double bestDistance = tolerance;
            for (int r = 0; r < reference.length; r++) {
                double d = Math.abs(reference[r] - e);
                if (!used[r] && d <= bestDistance) {
                    best = r;
                    bestDistance = d;
                }
            }
            if (best >= 0) {
                used[best] = true;
                hits++;
            }
        }
        double precision = (double) hits / estimated.length;
        double recall = (double) hits / reference.length;
        return hits == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
    }

    /** Mean signed offset (estimated - reference) of the matched beats, seconds. */
    static double meanOffset(double[] reference, double[] estimated) {
        double sum = 0;
        int count = 0;
        for (double e : estimated) {
            double best = Double.MAX_VALUE;
            for (double r : reference) {
                if (Math.abs(e - r) < Math.abs(best)) {
                    best = e - r;
                }
            }
            if (Math.abs(best) <= TOLERANCE) {
                sum += best;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
