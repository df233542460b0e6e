package org.audiomesh.analysis.engine;

import java.util.Optional;

/**
 * Global tempo from the autocorrelation of an onset-strength envelope, in the style of Ellis
 * (2007) and librosa's {@code beat.tempo}.
 *
 * <p>The normalised (biased) autocorrelation {@code r(lag)} of the zero-mean envelope is computed for lags
 * up to four times the slowest period. Each candidate period {@code p} is scored by a harmonic
 * comb, the weighted mean of {@code r(p), r(2p), r(3p), r(4p)} (a true beat period repeats at its
 * multiples, which also sharpens the peak), times a log-normal prior on tempo centred on
 * {@code startBpm} with a width of {@code priorOctaves} (librosa: 120 BPM, 1 octave). The best
 * integer period is refined by parabolic interpolation.
 *
 * <p>Stateless and thread-safe.
 */
public final class TempoEstimator {

    private static final double[] COMB_WEIGHTS = {1.0, 0.5, 0.33, 0.25};

    private final double startBpm;
    private final double priorOctaves;
    private final double minBpm;
    private final double maxBpm;

    /** 120 BPM prior, one octave wide, tempi 30..300 BPM. */
    public TempoEstimator() {
        this(120.0, 1.0, 30.0, 300.0);
    }

    /**
     * @param startBpm     centre of the tempo prior, BPM
     * @param priorOctaves standard deviation of the prior, octaves
     * @param minBpm       slowest tempo considered, BPM
     * @param maxBpm       fastest tempo considered, BPM
     */
    public TempoEstimator(double startBpm, double priorOctaves, double minBpm, double maxBpm) {
        if (!(startBpm > 0 && priorOctaves > 0 && minBpm > 0 && maxBpm > minBpm)) {
            throw new IllegalArgumentException("need startBpm, priorOctaves, minBpm > 0 and maxBpm > minBpm");
        }
        this.startBpm = startBpm;
        this.priorOctaves = priorOctaves;
        this.minBpm = minBpm;
        this.maxBpm = maxBpm;
    }

    /**
     * @param strength  zero-mean onset strength per frame ({@link OnsetEnvelope#strength()})
     * @param frameRate frames per second
     * @return the tempo, or empty when the envelope is flat or too short to hold two beats
     */
    public Optional<TempoEstimate> estimate(float[] strength, double frameRate) {
        int n = strength.length;
        double minPeriod = frameRate * 60.0 / maxBpm;
        double maxPeriod = frameRate * 60.0 / minBpm;
        int maxLag = (int) Math.min(n / 2, Math.ceil(COMB_WEIGHTS.length * maxPeriod) + 2);
        int firstPeriod = Math.max(2, (int) Math.ceil(minPeriod));
        int lastPeriod = (int) Math.min(Math.floor(maxPeriod), maxLag - 1);
        if (lastPeriod <= firstPeriod + 1) {
            return Optional.empty();
        }
        double[] r = autocorrelation(strength, maxLag);
        if (r == null) {
            return Optional.empty();
        }
        double[] score = new double[lastPeriod + 2];
        int best = -1;
        for (int p = firstPeriod - 1; p <= lastPeriod + 1; p++) {
            score[p] = Math.max(0.0, comb(r, p, maxLag)) * prior(frameRate * 60.0 / p);
            if (p >= firstPeriod && p <= lastPeriod && (best < 0 || score[p] > score[best])) {
                best = p;
            }
        }
        if (!(score[best] > 0)) {
            return Optional.empty();
        }
        double period = best + parabolicOffset(score[best - 1], score[best], score[best + 1]);
        double confidence = Math.max(0.0, Math.min(1.0, comb(r, period, maxLag)));
        return Optional.of(new TempoEstimate(frameRate * 60.0 / period, period, confidence));
    }

    /** Log-normal tempo prior, 1 at {@code startBpm}. */
    double prior(double bpm) {
        double octaves = Math.log(bpm / startBpm) / Math.log(2.0) / priorOctaves;
        return Math.exp(-0.5 * octaves * octaves);
    }

    /** Weighted mean of {@code r} at the multiples of {@code period} that fit below {@code maxLag}. */
    private static double comb(double[] r, double period, int maxLag) {
        double sum = 0;
        double weights = 0;
        for (int k = 1; k <= COMB_WEIGHTS.length; k++) {
            double lag = k * period;
            if (lag > maxLag - 1) {
                break;
            }
            sum += COMB_WEIGHTS[k - 1] * peakNear(r, lag, 0.5 * k);
            weights += COMB_WEIGHTS[k - 1];
        }
        return weights > 0 ? sum / weights : 0;
    }

    /**
     * Largest autocorrelation within {@code tolerance} frames of a fractional lag. An onset is
     * quantised to the nearest frame, so the peak of a period of 21.5 frames shows at 21 or 22,
     * and the k-th multiple of an uncertain period is uncertain by k times as much.
     */
    private static double peakNear(double[] r, double lag, double tolerance) {
        int lo = Math.max(0, (int) Math.ceil(lag - tolerance));
        int hi = Math.min(r.length - 1, (int) Math.floor(lag + tolerance));
        if (lo > hi) {
            return r[Math.min(r.length - 1, (int) Math.round(lag))];
        }
        double best = r[lo];
        for (int i = lo + 1; i <= hi; i++) {
            best = Math.max(best, r[i]);
        }
        return best;
    }

    /**
     * Autocorrelation normalised by lag 0, lags 0..maxLag-1; null for a flat input. The biased
     * estimate (every lag divided by the full length) is used on purpose: long lags, seen over
     * less of a short recording, count for less, so short noisy inputs do not look periodic.
     */
    static double[] autocorrelation(float[] x, int maxLag) {
        int n = x.length;
        double energy = 0;
        for (float v : x) {
            energy += (double) v * v;
        }
        if (!(energy > 1e-12 * Math.max(1, n))) {
            return null;
        }
        double[] r = new double[maxLag];
        for (int lag = 0; lag < maxLag; lag++) {
            double acc = 0;
            for (int i = 0, j = lag; j < n; i++, j++) {
                acc += x[i] * x[j];
            }
            r[lag] = acc / energy;
        }
        return r;
    }

    /** Offset of the vertex of the parabola through three equally spaced points, in -0.5..0.5. */
    static double parabolicOffset(double left, double centre, double right) {
        double denom = left - 2 * centre + right;
        if (!(denom < 0)) {
            return 0;
        }
        return Math.max(-0.5, Math.min(0.5, 0.5 * (left - right) / denom));
    }
}
