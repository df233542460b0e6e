package org.audiomesh.transcription.diarization;

/**
 * Sufficient statistics of a diagonal-covariance Gaussian over feature vectors: count, sums and
 * sums of squares per dimension. Statistics add, so merging two clusters costs O(dims).
 */
final class GaussianStats {
    private static final double VARIANCE_FLOOR = 1e-4;
    final double[] sum;
    final double[] sumSq;
    long count;

    GaussianStats(int dims) {
        this.sum = new double[dims];
        this.sumSq = new double[dims];
    }

    void add(float[] x) {
        for (int d = 0; d < sum.length; d++) {
            sum[d] += x[d];
            sumSq[d] += (double) x[d] * x[d];
        }
        count++;
    }

    GaussianStats plus(GaussianStats o) {
        GaussianStats s = new GaussianStats(sum.length);
        for (int d = 0; d < sum.length; d++) {
            s.sum[d] = sum[d] + o.sum[d];
            s.sumSq[d] = sumSq[d] + o.sumSq[d];
        }
        s.count = count + o.count;
        return s;
    }

    /** log of the determinant of the (diagonal, maximum-likelihood) covariance. */
    double logDetCovariance() {
        double acc = 0;
        for (int d = 0; d < sum.length; d++) {
            double mean = sum[d] / count;
            double var = sumSq[d] / count - mean * mean;
            acc += Math.log(Math.max(var, VARIANCE_FLOOR));
        }
        return acc;
    }

    int dims() {
        return sum.length;
    }
}
