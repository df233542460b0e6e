package org.audiomesh.analysis.engine;

import java.util.Arrays;

/**
 * Dynamic-programming beat tracker of Ellis (2007), as in librosa's {@code beat.beat_track}.
 *
 * <p>The onset envelope is scaled to unit standard deviation and lightly smoothed (Gaussian of
 * period/32 frames) into a local score. The cumulative score of a beat at frame {@code t} is its
 * local score plus the best cumulative score of a previous beat {@code t - d}, {@code d} in
 * {@code [period/2, 2*period]}, minus a transition penalty {@code tightness * ln(d/period)^2}, a
 * log-Gaussian around the period. The last beat is the frame of the final period with the
 * highest cumulative score; the beats are recovered by backtracking, and weak
 * beats at the start and end (where the smoothed onset strength at the beats stays below half its
 * RMS) are trimmed.
 *
 * <p>Cost is O(frames * period). Stateless and thread-safe.
 */
public final class BeatTracker {

    private final double tightness;

    /** librosa's default tightness, 100. */
    public BeatTracker() {
        this(100.0);
    }

    /** @param tightness how strongly beats keep to the period (higher: stricter), dimensionless */
    public BeatTracker(double tightness) {
        if (!(tightness > 0)) {
            throw new IllegalArgumentException("tightness must be positive: " + tightness);
        }
        this.tightness = tightness;
    }

    /**
     * @param strength     onset strength per frame (zero-mean, {@link OnsetEnvelope#strength()})
     * @param periodFrames beat period, frames (fractional), at least 2
     * @return beat positions as frame indices, ascending; empty when the envelope is flat
     */
    public int[] track(float[] strength, double periodFrames) {
        if (!(periodFrames >= 2)) {
            return new int[0];
        }
        double[] periods = new double[strength.length];
        Arrays.fill(periods, periodFrames);
        return track(strength, periods);
    }

    /**
     * Tracks beats whose period changes along the recording (a tempo that drifts): the
     * transition penalty into frame {@code t} is centred on {@code periodFrames[t]}.
     *
     * @param strength     onset strength per frame (zero-mean, {@link OnsetEnvelope#strength()})
     * @param periodFrames beat period at each frame, frames (fractional, at least 2), same length
     * @return beat positions as frame indices, ascending; empty when the envelope is flat
     */
    public int[] track(float[] strength, double[] periodFrames) {
        int n = strength.length;
        if (n == 0 || periodFrames.length != n) {
            return new int[0];
        }
        double[] sortedPeriods = periodFrames.clone();
        Arrays.sort(sortedPeriods);
        if (!(sortedPeriods[0] >= 2)) {
            return new int[0];
        }
        double[] local = localScore(strength, sortedPeriods[n / 2]);
        if (local == null) {
            return new int[0];
        }
        double maxLocal = Double.NEGATIVE_INFINITY;
        for (double v : local) {
            maxLocal = Math.max(maxLocal, v);
        }
        double[] cumulative = new double[n];
        int[] backlink = new int[n];
        boolean firstBeat = true;
        double period = Double.NaN;
        int minGap = 0;
        int maxGap = 0;
        double[] penalty = new double[0];
        for (int t = 0; t < n; t++) {
            if (periodFrames[t] != period) {
                period = periodFrames[t];
                minGap = Math.max(1, (int) Math.round(period / 2));
                maxGap = Math.max(minGap, (int) Math.round(2 * period));
                if (penalty.length < maxGap + 1) {
                    penalty = new double[maxGap + 1];
                }
                for (int d = minGap; d <= maxGap; d++) {
                    double l = Math.log(d / period);
                    penalty[d] = -tightness * l * l;
                }
            }
            double best = Double.NEGATIVE_INFINITY;
            int from = -1;
            for (int d = minGap; d <= maxGap; d++) {
                int prev = t - d;
                // a predecessor before the start costs only its transition, like librosa's zero pad
                double candidate = penalty[d] + (prev >= 0 ? cumulative[prev] : 0.0);
                if (candidate > best) {
                    best = candidate;
                    from = prev;
                }
            }
            cumulative[t] = local[t] + best;
            if (firstBeat && local[t] < 0.01 * maxLocal) {
                backlink[t] = -1;
            } else {
                backlink[t] = from;
                firstBeat = false;
            }
        }

        int last = lastBeat(cumulative, periodFrames[n - 1]);
        if (last < 0) {
            return new int[0];
        }
        int[] beats = new int[n];
        int count = 0;
        for (int t = last; t >= 0; t = backlink[t]) {
            beats[count++] = t;
        }
        int[] ordered = new int[count];
        for (int i = 0; i < count; i++) {
            ordered[i] = beats[count - 1 - i];
        }
        return trim(local, ordered);
    }

    /** Onset strength over its standard deviation, smoothed by a Gaussian of period/32 frames. */
    private static double[] localScore(float[] strength, double period) {
        int n = strength.length;
        double mean = 0;
        for (float v : strength) {
            mean += v;
        }
        mean /= n;
        double var = 0;
        for (float v : strength) {
            var += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(var / Math.max(1, n - 1));
        if (!(std > 1e-9)) {
            return null;
        }
        double sigma = period / 32.0;
        int half = Math.max(1, (int) Math.ceil(3 * sigma));
        double[] kernel = new double[2 * half + 1];
        for (int i = -half; i <= half; i++) {
            kernel[i + half] = Math.exp(-0.5 * (i / sigma) * (i / sigma));
        }
        double[] out = new double[n];
        for (int t = 0; t < n; t++) {
            double acc = 0;
            for (int i = -half; i <= half; i++) {
                int j = t + i;
                if (j >= 0 && j < n) {
                    acc += kernel[i + half] * strength[j];
                }
            }
            out[t] = acc / std;
        }
        return out;
    }

    /**
     * The frame of the last period with the highest cumulative score. (librosa takes the last
     * local maximum above half the median maximum, which at the very end of the audio is often
     * an off-beat frame whose chain runs through the eighth notes.)
     */
    private static int lastBeat(double[] cumulative, double period) {
        int n = cumulative.length;
        int best = n - 1;
        for (int t = n - 1; t >= Math.max(0, n - 1 - (int) Math.round(period)); t--) {
            if (cumulative[t] > cumulative[best]) {
                best = t;
            }
        }
        return best;
    }

    /**
     * Drops leading and trailing beats whose Hann-smoothed local score stays below half the RMS
     * of the smoothed scores at all beats (librosa's {@code trim=True}, with the smoothing
     * normalised at the ends), and then those whose own local score is not positive.
     */
    private static int[] trim(double[] local, int[] beats) {
        int n = beats.length;
        if (n < 3) {
            return beats;
        }
        double[] at = new double[n];
        for (int i = 0; i < n; i++) {
            at[i] = local[beats[i]];
        }
        // Hann of 5 points (0, .5, 1, .5, 0), normalised by the weight present, so that the first
        // and last beat are not judged weak merely for having a neighbour on one side only
        double[] smooth = new double[n];
        for (int i = 0; i < n; i++) {
            double s = at[i];
            double w = 1.0;
            if (i > 0) {
                s += 0.5 * at[i - 1];
                w += 0.5;
            }
            if (i < n - 1) {
                s += 0.5 * at[i + 1];
                w += 0.5;
            }
            smooth[i] = s / w;
        }
        double meanSquare = 0;
        for (double s : smooth) {
            meanSquare += s * s;
        }
        double threshold = 0.5 * Math.sqrt(meanSquare / n);
        int first = 0;
        while (first < n && smooth[first] <= threshold) {
            first++;
        }
        int last = n - 1;
        while (last >= first && smooth[last] <= threshold) {
            last--;
        }
        // the smoothing lends an edge beat some of its neighbour's strength; a beat where nothing
        // starts at all (local score at or below the local mean, as in the silence before the
        // music) is dropped whatever its neighbour
        while (first <= last && at[first] <= 0) {
            first++;
        }
        while (last >= first && at[last] <= 0) {
            last--;
        }
        return Arrays.copyOfRange(beats, first, last + 1);
    }
}
