package org.audiomesh.common.dsp;

/**
 * Triangular mel filterbank on the Slaney mel scale with Slaney area normalisation, as librosa's
 * {@code filters.mel(htk=False, norm="slaney")} default.
 *
 * <p>The Slaney scale is linear below 1 kHz (3 mel per 200 Hz) and logarithmic above (27 mel per
 * factor 6.4). Band {@code m} is a triangle rising from mel point {@code m} to mel point
 * {@code m+1} and falling to {@code m+2}, where the {@code bands + 2} points are spaced evenly in
 * mel between {@code fminHz} and {@code fmaxHz}; each triangle is scaled by
 * {@code 2 / (f[m+2] - f[m])} so that bands have equal area in Hz.
 *
 * <p>Input spectra are {@code float[fftSize / 2 + 1]} (bin {@code k} at
 * {@code k * sampleRate / fftSize} Hz), power or magnitude; output is {@code float[bands]} in the
 * same unit. Weights are stored sparsely (only each band's non-zero bins); immutable and
 * thread-safe.
 */
public final class MelFilterbank {

    private static final double F_SP = 200.0 / 3.0;
    private static final double MIN_LOG_HZ = 1000.0;
    private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
    private static final double LOG_STEP = Math.log(6.4) / 27.0;

    private final int bins;
    private final int bands;
    private final double[] melPointsHz;
    private final int[] firstBin;
    private final float[][] weights;

    /**
     * @param sampleRate sample rate in Hz
     * @param fftSize    FFT length N in samples (spectra have N/2 + 1 bins)
     * @param bands      number of mel bands, at least 1
     * @param fminHz     lower edge of the lowest band in Hz, at least 0
     * @param fmaxHz     upper edge of the highest band in Hz, at most sampleRate / 2
     */
    public MelFilterbank(double sampleRate, int fftSize, int bands, double fminHz, double fmaxHz) {
        if (bands < 1 || fftSize < 2 || sampleRate <= 0) {
            throw new IllegalArgumentException("need bands >= 1, fftSize >= 2, sampleRate > 0");
        }
        if (fminHz < 0 || fmaxHz <= fminHz || fmaxHz > sampleRate / 2 + 1e-9) {
            throw new IllegalArgumentException(
                    "need 0 <= fmin < fmax <= sampleRate/2: " + fminHz + ".." + fmaxHz);
        }
        this.bins = fftSize / 2 + 1;
        this.bands = bands;
        this.melPointsHz = new double[bands + 2];
        double melMin = hzToMel(fminHz);
        double melMax = hzToMel(fmaxHz);
        for (int i = 0; i < bands + 2; i++) {
            melPointsHz[i] = melToHz(melMin + (melMax - melMin) * i / (bands + 1));
        }
        this.firstBin = new int[bands];
        this.weights = new float[bands][];
        double binHz = sampleRate / fftSize;
        float[] row = new float[bins];
        for (int m = 0; m < bands; m++) {
            double lo = melPointsHz[m];
            double centre = melPointsHz[m + 1];
            double hi = melPointsHz[m + 2];
            double enorm = 2.0 / (hi - lo);
            int first = -1;
            int last = -1;
            for (int k = 0; k < bins; k++) {
                double f = k * binHz;
                double rise = (f - lo) / (centre - lo);
                double fall = (hi - f) / (hi - centre);
                double w = Math.max(0.0, Math.min(rise, fall));
                row[k] = (float) (w * enorm);
                if (w > 0) {
                    if (first < 0) {
                        first = k;
                    }
                    last = k;
                }
            }
            if (first < 0) {
                // band narrower than one bin: it stays empty, as in librosa
                firstBin[m] = 0;
                weights[m] = new float[0];
            } else {
                firstBin[m] = first;
                weights[m] = java.util.Arrays.copyOfRange(row, first, last + 1);
            }
        }
    }

    /** Number of mel bands. */
    public int bands() {
        return bands;
    }

    /** Number of spectrum bins expected, {@code fftSize / 2 + 1}. */
    public int bins() {
        return bins;
    }

    /**
     * Applies the filterbank to one spectrum. Allocates nothing.
     *
     * @param spectrum {@code float[bins]}, power or magnitude
     * @param out      receives {@code float[bands]}
     */
    public void apply(float[] spectrum, float[] out) {
        for (int m = 0; m < bands; m++) {
            float[] w = weights[m];
            int k0 = firstBin[m];
            float acc = 0f;
            for (int j = 0; j < w.length; j++) {
                acc += w[j] * spectrum[k0 + j];
            }
            out[m] = acc;
        }
    }

    /** Centre (peak) frequency of band {@code band} in Hz. */
    public double centreHz(int band) {
        return melPointsHz[band + 1];
    }

    /** Lower and upper edge of band {@code band} in Hz, as {@code {lower, upper}}. */
    public double[] edgesHz(int band) {
        return new double[] {melPointsHz[band], melPointsHz[band + 2]};
    }

    /** Weights of band {@code band} over all bins, as a new {@code float[bins]}. */
    public float[] weights(int band) {
        float[] full = new float[bins];
        System.arraycopy(weights[band], 0, full, firstBin[band], weights[band].length);
        return full;
    }

    /** Hz to Slaney mel. */
    public static double hzToMel(double hz) {
        if (hz < MIN_LOG_HZ) {
            return hz / F_SP;
        }
        return MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP;
    }

    /** Slaney mel to Hz. */
    public static double melToHz(double mel) {
        if (mel < MIN_LOG_MEL) {
            return mel * F_SP;
        }
        return MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL));
    }
}
