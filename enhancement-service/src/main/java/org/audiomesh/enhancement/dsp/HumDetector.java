package org.audiomesh.enhancement.dsp;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds mains hum (50 or 60 Hz and its harmonics) in a stretch of audio: a line spectrum whose
 * components stand well above the spectrum a few hertz beside them. The fundamental is refined
 * on a 0.05 Hz grid within +-0.6 Hz of the nominal frequency (mains drifts), using the summed
 * power of the first harmonics; each harmonic up to {@value #MAX_HARMONIC_HZ} Hz is then kept
 * when it stands at least {@value #LINE_TO_FLOOR_DB} dB above its neighbourhood. Powers come from
 * Hann-windowed single-frequency DFTs over the whole stretch (resolution about 1/duration Hz),
 * so the stretch should be at least one second long.
 */
public final class HumDetector {
    static final double MAX_HARMONIC_HZ = 1600;
    static final double LINE_TO_FLOOR_DB = 12;
    /**
     * Lines holding less of the stretch's power than this (-15 dB) are not reported: hum that
     * faint is left to the spectral suppression as steady noise, where notches would cut the
     * speech harmonics beside them for no audible gain (in clean recordings they cost 2-13 dB
     * of transparency; tools/enhancement-bench).
     */
    static final double MIN_POWER_FRACTION = 0.03;
    private static final double[] NOMINAL_HZ = {50, 60};
    private static final double[] NEIGHBOUR_OFFSETS_HZ = {-13, -9, -6, 6, 9, 13};
    private static final int SEARCH_HARMONICS = 6;

    /**
     * What was found.
     *
     * @param fundamentalHz refined fundamental (Hz), or 0 when no hum was found
     * @param harmonics     harmonic numbers (1 = fundamental) that stand out as lines
     * @param lineToFloorDb mean height of those lines above their neighbourhood (dB)
     * @param powerFraction fraction of the stretch's power in those lines (0..1)
     */
    public record Hum(double fundamentalHz, List<Integer> harmonics, double lineToFloorDb, double powerFraction) {
        public static final Hum NONE = new Hum(0, List.of(), 0, 0);

        public boolean present() {
            return !harmonics.isEmpty();
        }
    }

    private HumDetector() {
    }

    /** {@link #detect(float[], int, int)} on the mean of the channels' first {@code length} samples. */
    public static Hum detectInMean(float[][] channels, int length, int sampleRate) {
        float[] mid = new float[length];
        for (float[] channel : channels) {
            for (int i = 0; i < length; i++) {
                mid[i] += channel[i] / channels.length;
            }
        }
        return detect(mid, length, sampleRate);
    }

    /**
     * @param signal     mono samples
     * @param length     samples of {@code signal} to use
     * @param sampleRate Hz
     */
    public static Hum detect(float[] signal, int length, int sampleRate) {
        if (length < sampleRate / 2) {
            return Hum.NONE;
        }
        double[] window = new double[length];
        double energy = 0;
        for (int i = 0; i < length; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / length);
            energy += (double) signal[i] * signal[i];
        }
        if (energy <= 0) {
            return Hum.NONE;
        }
        Hum best = Hum.NONE;
        double bestScore = 0;
        for (double nominal : NOMINAL_HZ) {
            double f0 = refine(signal, window, length, sampleRate, nominal);
            List<Integer> lines = new ArrayList<>();
            double heightSum = 0;
            double linePower = 0;
            for (int h = 1; h * f0 <= Math.min(MAX_HARMONIC_HZ, sampleRate / 2.0 - 20); h++) {
                double f = h * f0;
                double line = power(signal, window, length, sampleRate, f);
                double floor = 0;
                for (double off : NEIGHBOUR_OFFSETS_HZ) {
                    floor += power(signal, window, length, sampleRate, f + off);
                }
                floor /= NEIGHBOUR_OFFSETS_HZ.length;
                double height = 10 * Math.log10((line + 1e-30) / (floor + 1e-30));
                if (height >= LINE_TO_FLOOR_DB) {
                    lines.add(h);
                    heightSum += height;
                    linePower += line;
                }
            }
            // a hum has its fundamental or at least two harmonics as lines
            boolean hum = lines.contains(1) || lines.size() >= 2;
            if (hum && linePower > bestScore) {
                bestScore = linePower;
                // Hann window: coherent gain 0.5, so a sine of amplitude A gives |X|^2 = (A N / 4)^2,
                // i.e. power A^2/2 = 8 |X|^2 / N^2 in mean-square units
                double fraction = Math.min(1.0, 8 * linePower / ((double) length * length) / (energy / length));
                best = new Hum(f0, List.copyOf(lines), heightSum / lines.size(), fraction);
            }
        }
        return best.powerFraction() < MIN_POWER_FRACTION ? Hum.NONE : best;
    }

    private static double refine(float[] x, double[] w, int n, int rate, double nominal) {
        double bestF = nominal;
        double bestP = -1;
        for (double f = nominal - 0.6; f <= nominal + 0.6 + 1e-9; f += 0.05) {
            double p = 0;
            for (int h = 1; h <= SEARCH_HARMONICS && h * f < rate / 2.0; h++) {
                p += power(x, w, n, rate, h * f);
            }
            if (p > bestP) {
                bestP = p;
                bestF = f;
            }
        }
        return bestF;
    }

    /** |sum w[n] x[n] e^{-i 2 pi f n / rate}|^2, by a rotating phasor (no trig per sample). */
    static double power(float[] x, double[] w, int n, int rate, double hz) {
        double step = 2 * Math.PI * hz / rate;
        double cs = Math.cos(step);
        double sn = Math.sin(step);
        double c = 1;
        double s = 0;
        double re = 0;
        double im = 0;
        for (int i = 0; i < n; i++) {
            double v = w[i] * x[i];
            re += v * c;
            im -= v * s;
            double c2 = c * cs - s * sn;
            s = s * cs + c * sn;
            c = c2;
            if ((i & 1023) == 1023) { // keep the phasor on the unit circle
                double norm = 1 / Math.sqrt(c * c + s * s);
                c *= norm;
                s *= norm;
            }
        }
        return re * re + im * im;
    }
}
