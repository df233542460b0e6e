package org.audiomesh.common.dsp;

/**
 * Shape descriptors of one power spectrum, over the bins from 1 (DC excluded) up to and
 * including a top bin, so that spectra of different sample rates can be compared over the same
 * band in Hz.
 *
 * <p>Input: {@code power[k]}, {@code |X[k]|^2}, bin {@code k} at {@code k * binHz} Hz. Every
 * method returns 0 for a spectrum without energy (digital silence) instead of NaN. Stateless.
 */
public final class SpectralShape {

    /** Below this total power a spectrum counts as empty. */
    static final double EMPTY = 1e-20;

    private SpectralShape() {
    }

    /** Power-weighted mean frequency, Hz. */
    public static double centroidHz(float[] power, int topBin, double binHz) {
        double sum = 0;
        double weighted = 0;
        for (int k = 1; k <= topBin; k++) {
            sum += power[k];
            weighted += k * (double) power[k];
        }
        return sum <= EMPTY ? 0.0 : binHz * weighted / sum;
    }

    /**
     * Wiener entropy: geometric mean over arithmetic mean of the power, 0..1 (1 for a flat
     * spectrum; white noise measured frame by frame gives about 0.56, since each bin's power
     * is exponentially distributed; a pure tone gives nearly 0).
     */
    public static double flatness(float[] power, int topBin) {
        double sum = 0;
        double logSum = 0;
        int n = 0;
        for (int k = 1; k <= topBin; k++) {
            double p = power[k] + 1e-30;
            sum += p;
            logSum += Math.log(p);
            n++;
        }
        if (n == 0 || sum / n <= EMPTY) {
            return 0.0;
        }
        return Math.min(1.0, Math.exp(logSum / n) / (sum / n));
    }

    /** Frequency below which {@code fraction} (0..1) of the power lies, Hz. */
    public static double rolloffHz(float[] power, int topBin, double binHz, double fraction) {
        double sum = 0;
        for (int k = 1; k <= topBin; k++) {
            sum += power[k];
        }
        if (sum <= EMPTY) {
            return 0.0;
        }
        double target = fraction * sum;
        double acc = 0;
        for (int k = 1; k <= topBin; k++) {
            acc += power[k];
            if (acc >= target) {
                return k * binHz;
            }
        }
        return topBin * binHz;
    }

    /**
     * Expected zero crossings per second of a Gaussian signal with this spectrum, by Rice's
     * formula {@code 2 sqrt(sum f^2 P / sum P)}: the zero-crossing rate of the signal band-limited
     * to the top bin, so that it does not depend on the sample rate (a sine of f Hz gives 2f).
     */
    public static double zeroCrossingRate(float[] power, int topBin, double binHz) {
        double sum = 0;
        double second = 0;
        for (int k = 1; k <= topBin; k++) {
            double f = k * binHz;
            sum += power[k];
            second += f * f * power[k];
        }
        return sum <= EMPTY ? 0.0 : 2.0 * Math.sqrt(second / sum);
    }

    /** Total power of the bins whose centres lie in {@code [loHz, hiHz)}. */
    public static double bandPower(float[] power, int topBin, double binHz, double loHz, double hiHz) {
        int from = Math.max(1, (int) Math.ceil(loHz / binHz));
        int to = Math.min(topBin, (int) Math.ceil(hiHz / binHz) - 1);
        double sum = 0;
        for (int k = from; k <= to; k++) {
            sum += power[k];
        }
        return sum;
    }

    /**
     * Slope of the spectrum, dB per octave, by least squares of the level of third-octave bands
     * against their centre's octave, between {@code loHz} and {@code hiHz} (white noise 0, pink
     * noise -3, brown noise -6). 0 when fewer than three bands hold power.
     */
    public static double slopeDbPerOctave(float[] power, int topBin, double binHz, double loHz, double hiHz) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = 0;
        for (double lo = loHz; lo * Math.cbrt(2.0) <= hiHz + 1e-9; lo *= Math.cbrt(2.0)) {
            double hi = lo * Math.cbrt(2.0);
            int from = Math.max(1, (int) Math.ceil(lo / binHz));
            int to = Math.min(topBin, (int) Math.ceil(hi / binHz) - 1);
            if (to < from) {
                continue;
            }
            double sum = 0;
            for (int k = from; k <= to; k++) {
                sum += power[k];
            }
            double mean = sum / (to - from + 1);
            if (mean <= EMPTY) {
                continue;
            }
            double x = Math.log(Math.sqrt(lo * hi)) / Math.log(2.0);
            double y = 10.0 * Math.log10(mean);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            n++;
        }
        if (n < 3) {
            return 0.0;
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }
}
