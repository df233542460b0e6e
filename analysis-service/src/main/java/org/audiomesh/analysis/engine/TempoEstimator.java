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
    static final double PATH_WINDOW_SECONDS = 8.0;
    static final double PATH_HOP_SECONDS = 1.0;
    /** Relative step of the period grid of {@link #path}. */
    static final double PATH_STEP = 0.01;
    /** Largest change of the path between neighbouring windows, grid steps. */
    static final int PATH_MAX_STEPS = 4;
    static final double PATH_CHANGE_PENALTY = 0.01;

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

    /**
     * The local tempo along the recording, for music whose tempo drifts: the envelope is cut into
     * windows of {@value #PATH_WINDOW_SECONDS} s every {@value #PATH_HOP_SECONDS} s, each candidate
     * period (a log grid with {@value #PATH_STEP} relative steps) of each window is scored like the
     * global tempo (harmonic comb of the window's autocorrelation times the prior), and the Viterbi
     * path through the windows maximises the summed scores minus a penalty on every change of
     * period, {@value #PATH_CHANGE_PENALTY} per grid step squared, so the path follows a gradual
     * drift but not the jitter of single windows. (The comb reads the autocorrelation at the exact
     * fractional multiples, see {@link #interpolatedComb}.)
     *
     * @param strength  zero-mean onset strength per frame
     * @param frameRate frames per second
     * @return the path, or empty when the recording is shorter than one window or flat
     */
    public Optional<TempoPath> path(float[] strength, double frameRate) {
        int n = strength.length;
        int window = (int) Math.round(PATH_WINDOW_SECONDS * frameRate);
        int hop = Math.max(1, (int) Math.round(PATH_HOP_SECONDS * frameRate));
        if (n < window) {
            return Optional.empty();
        }
        double minPeriod = Math.max(2.0, frameRate * 60.0 / maxBpm);
        double maxPeriod = frameRate * 60.0 / minBpm;
        int states = (int) Math.floor(Math.log(maxPeriod / minPeriod) / Math.log1p(PATH_STEP)) + 1;
        double[] grid = new double[states];
        double[] prior = new double[states];
        for (int s = 0; s < states; s++) {
            grid[s] = minPeriod * Math.pow(1.0 + PATH_STEP, s);
            prior[s] = prior(frameRate * 60.0 / grid[s]);
        }
        int maxLag = (int) Math.min(window - 1, Math.ceil(COMB_WEIGHTS.length * maxPeriod) + 2);
        int windows = (n - window) / hop + 1;
        double[][] score = new double[windows][states];
        for (int w = 0; w < windows; w++) {
            float[] segment = java.util.Arrays.copyOfRange(strength, w * hop, w * hop + window);
            double[] r = autocorrelation(segment, maxLag);
            if (r == null) {
                continue;
            }
            for (int s = 0; s < states; s++) {
                score[w][s] = Math.max(0.0, interpolatedComb(r, grid[s], maxLag)) * prior[s];
            }
        }
        int[] best = viterbi(score);
        double[] centres = new double[windows];
        double[] periods = new double[windows];
        double confidence = 0;
        for (int w = 0; w < windows; w++) {
            centres[w] = w * hop + window / 2.0;
            periods[w] = grid[best[w]];
            confidence += score[w][best[w]] / prior[best[w]];
        }
        if (!(confidence > 0)) {
            return Optional.empty();
        }
        return Optional.of(new TempoPath(interpolate(centres, periods, n), Math.min(1.0, confidence / windows)));
    }

    /** Index of the best state per window: summed scores minus the change penalty, maximised. */
    private static int[] viterbi(double[][] score) {
        int windows = score.length;
        int states = score[0].length;
        double[] total = score[0].clone();
        int[][] from = new int[windows][states];
        double[] next = new double[states];
        for (int w = 1; w < windows; w++) {
            for (int s = 0; s < states; s++) {
                double bestValue = Double.NEGATIVE_INFINITY;
                int bestFrom = s;
                for (int d = -PATH_MAX_STEPS; d <= PATH_MAX_STEPS; d++) {
                    int p = s + d;
                    if (p >= 0 && p < states) {
                        double v = total[p] - PATH_CHANGE_PENALTY * d * d;
                        if (v > bestValue) {
                            bestValue = v;
                            bestFrom = p;
                        }
                    }
                }
                next[s] = bestValue + score[w][s];
                from[w][s] = bestFrom;
            }
            System.arraycopy(next, 0, total, 0, states);
        }
        int[] path = new int[windows];
        int s = 0;
        for (int i = 1; i < states; i++) {
            if (total[i] > total[s]) {
                s = i;
            }
        }
        for (int w = windows - 1; w >= 0; w--) {
            path[w] = s;
            s = from[w][s];
        }
        return path;
    }

    /** Piecewise-linear interpolation of (x, y) at frames 0..n-1, constant beyond the ends. */
    private static double[] interpolate(double[] x, double[] y, int n) {
        double[] out = new double[n];
        int k = 0;
        for (int t = 0; t < n; t++) {
            while (k + 1 < x.length && x[k + 1] <= t) {
                k++;
            }
            if (t <= x[0]) {
                out[t] = y[0];
            } else if (k + 1 >= x.length) {
                out[t] = y[x.length - 1];
            } else {
                double f = (t - x[k]) / (x[k + 1] - x[k]);
                out[t] = y[k] + f * (y[k + 1] - y[k]);
            }
        }
        return out;
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
     * As {@link #comb}, but reading the autocorrelation at the exact fractional multiples
     * (linear interpolation): the score then peaks at the period itself instead of being flat
     * within a frame of it, which the fine period grid of {@link #path} needs.
     */
    private static double interpolatedComb(double[] r, double period, int maxLag) {
        double sum = 0;
        double weights = 0;
        for (int k = 1; k <= COMB_WEIGHTS.length; k++) {
            double lag = k * period;
            if (lag > maxLag - 1) {
                break;
            }
            int i = (int) lag;
            double f = lag - i;
            sum += COMB_WEIGHTS[k - 1] * ((1 - f) * r[i] + f * r[Math.min(r.length - 1, i + 1)]);
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
