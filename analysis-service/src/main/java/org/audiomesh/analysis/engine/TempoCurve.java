package org.audiomesh.analysis.engine;

import java.util.Arrays;

/**
 * The local tempo along a beat sequence: at every bar line, the least-squares beat period of the
 * beats from one bar before to one bar after it. Beat numbers advance by the rounded ratio of each
 * interval to the local median interval, so a skipped beat does not halve the tempo.
 *
 * <p>Stateless.
 */
public final class TempoCurve {

    private TempoCurve() {
    }

    /**
     * @param beats          beat times, seconds, ascending
     * @param beatsPerBar    beats per bar, or 0 when unknown (then every four beats)
     * @param firstDownbeat  index of the first downbeat, or -1 when unknown
     * @return one point per bar, in time order; empty for fewer than three beats
     */
    public static TempoPoint[] of(double[] beats, int beatsPerBar, int firstDownbeat) {
        int n = beats.length;
        if (n < 3) {
            return new TempoPoint[0];
        }
        int step = beatsPerBar > 0 ? beatsPerBar : 4;
        int first = firstDownbeat >= 0 ? firstDownbeat % step : 0;
        int count = first < n ? (n - 1 - first) / step + 1 : 0;
        TempoPoint[] out = new TempoPoint[count];
        for (int p = 0; p < count; p++) {
            int i = first + p * step;
            int from = Math.max(0, i - step);
            int to = Math.min(n - 1, i + step);
            if (to - from < 2) {
                from = Math.max(0, to - 2);
                to = Math.min(n - 1, from + 2);
            }
            double period = localPeriod(beats, from, to);
            out[p] = new TempoPoint(round(beats[i], 1000.0), round(60.0 / period, 100.0));
        }
        return out;
    }

    /** Least-squares slope of beat times against beat numbers over {@code beats[from..to]}, seconds. */
    static double localPeriod(double[] beats, int from, int to) {
        double[] gaps = new double[to - from];
        for (int i = from; i < to; i++) {
            gaps[i - from] = beats[i + 1] - beats[i];
        }
        double[] sorted = gaps.clone();
        Arrays.sort(sorted);
        double nominal = sorted[sorted.length / 2];
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        double k = 0;
        int m = 0;
        for (int i = from; i <= to; i++) {
            if (i > from) {
                k += Math.max(1, Math.round((beats[i] - beats[i - 1]) / nominal));
            }
            sx += k;
            sy += beats[i];
            sxx += k * k;
            sxy += k * beats[i];
            m++;
        }
        double denom = m * sxx - sx * sx;
        double slope = denom > 0 ? (m * sxy - sx * sy) / denom : nominal;
        return slope > 0 ? slope : nominal;
    }

    private static double round(double x, double scale) {
        return Math.round(x * scale) / scale;
    }
}
