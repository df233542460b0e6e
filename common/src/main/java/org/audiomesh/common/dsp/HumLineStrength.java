package org.audiomesh.common.dsp;

import java.util.Arrays;

/**
 * How strongly mains hum stands out of a fine-resolution power spectrum: for 50 Hz and for 60 Hz,
 * the power of the narrow lines at the fundamental and its first {@value #HARMONICS} multiples
 * over the power of the spectrum just beside them, in dB; the larger of the two mains
 * frequencies wins.
 *
 * <p>The line power is the largest bin within {@value #LINE_HALF_WIDTH_HZ} Hz of each multiple;
 * the reference is the median bin between {@value #SIDE_NEAR_HZ} and {@value #SIDE_FAR_HZ} Hz
 * either side, so a broad spectrum (noise, speech) scores about 4 dB and a hum line 20 dB and
 * more. Needs bins of at most about 1 Hz: a spectrum of one second of audio or longer (for
 * example an {@link Stft} frame of the next power of two above the sample rate, zero-padded).
 * Holds a small scratch buffer: not thread-safe.
 */
public final class HumLineStrength {

    /** Multiples of the mains frequency examined (fundamental included). */
    public static final int HARMONICS = 8;
    static final double LINE_HALF_WIDTH_HZ = 1.5;
    static final double SIDE_NEAR_HZ = 4.0;
    static final double SIDE_FAR_HZ = 14.0;
    private static final double[] MAINS_HZ = {50.0, 60.0};

    /**
     * @param strengthDb  line power over neighbouring power, dB (about 4 without hum)
     * @param share       fraction of the spectrum's total power in the lines, 0..1
     * @param mainsHz     50 or 60, the mains frequency that scored higher
     */
    public record Measure(double strengthDb, double share, double mainsHz) {
    }

    private final double[] side = new double[256];

    /**
     * @param power  power spectrum, {@code float[bins]}, bin {@code k} at {@code k * binHz} Hz
     * @param binHz  bin spacing, Hz (at most about 1)
     */
    public Measure measure(float[] power, double binHz) {
        double total = 0;
        for (int k = 1; k < power.length; k++) {
            total += power[k];
        }
        Measure best = new Measure(0.0, 0.0, MAINS_HZ[0]);
        for (double mains : MAINS_HZ) {
            double lines = 0;
            double reference = 0;
            for (int h = 1; h <= HARMONICS; h++) {
                double f = h * mains;
                if (f + SIDE_FAR_HZ >= (power.length - 1) * binHz) {
                    break;
                }
                lines += maxBin(power, f - LINE_HALF_WIDTH_HZ, f + LINE_HALF_WIDTH_HZ, binHz);
                reference += sideMedian(power, f, binHz);
            }
            double db = 10.0 * Math.log10((lines + 1e-30) / (reference + 1e-30));
            if (lines <= 1e-30) {
                db = 0.0;
            }
            if (db > best.strengthDb() || best.share() == 0.0 && db == best.strengthDb()) {
                best = new Measure(db, total <= 0 ? 0.0 : Math.min(1.0, lines / total), mains);
            }
        }
        return best;
    }

    private static double maxBin(float[] power, double loHz, double hiHz, double binHz) {
        int from = Math.max(1, (int) Math.ceil(loHz / binHz));
        int to = Math.min(power.length - 1, (int) Math.floor(hiHz / binHz));
        double max = 0;
        for (int k = from; k <= to; k++) {
            max = Math.max(max, power[k]);
        }
        if (to < from) { // bins wider than the line: the nearest one
            max = power[Math.min(power.length - 1, (int) Math.round((loHz + hiHz) / 2 / binHz))];
        }
        return max;
    }

    private double sideMedian(float[] power, double f, double binHz) {
        int n = 0;
        for (int sign = -1; sign <= 1; sign += 2) {
            double a = f + sign * SIDE_NEAR_HZ;
            double b = f + sign * SIDE_FAR_HZ;
            int from = Math.max(1, (int) Math.ceil(Math.min(a, b) / binHz));
            int to = Math.min(power.length - 1, (int) Math.floor(Math.max(a, b) / binHz));
            for (int k = from; k <= to && n < side.length; k++) {
                side[n++] = power[k];
            }
        }
        if (n == 0) {
            return 0.0;
        }
        Arrays.sort(side, 0, n);
        return side[n / 2];
    }
}
