package org.audiomesh.analysis.engine;

/**
 * Checks that a tracked beat sits at the metrical level a listener would tap (roughly 60 to
 * 180 BPM), not at half or double speed, from where the onsets fall relative to the beats.
 *
 * <ul>
 *   <li>Too slow: when the onsets halfway between the beats are nearly as strong as those on the
 *       beats (a backbeat heard as off-beats), the beat is really twice as fast.</li>
 *   <li>Too fast: when every other beat is much weaker than its neighbours (the tracker followed
 *       eighth-note hi-hats), the beat is really half as fast.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class MetricalLevel {

    /** The fastest tempo a halving check may produce, and the slowest a doubling check may, BPM. */
    static final double MAX_BPM = 180.0;
    static final double MIN_BPM = 50.0;
    /** Between-beat onsets at least this fraction of the on-beat ones mean the beat is too slow. */
    static final double DOUBLE_IF_BETWEEN_AT_LEAST = 0.5;
    /** Alternate beats at most this fraction of the others mean the beat is too fast. */
    static final double HALVE_IF_ALTERNATE_AT_MOST = 0.55;

    /**
     * @param flux   onset flux per frame ({@link OnsetEnvelope#flux()})
     * @param beats  beat frames, ascending
     * @param bpm    tempo of those beats
     * @return 2 when the beat should be twice as fast, 0.5 when half as fast, 1 when it is right
     */
    public double correction(float[] flux, int[] beats, double bpm) {
        int n = beats.length;
        if (n < 6) {
            return 1.0;
        }
        double on = 0;
        double between = 0;
        for (int i = 0; i + 1 < n; i++) {
            on += maxNear(flux, beats[i]);
            between += maxNear(flux, (beats[i] + beats[i + 1] + 1) / 2);
        }
        if (!(on > 0)) {
            return 1.0;
        }
        if (2 * bpm <= MAX_BPM && between >= DOUBLE_IF_BETWEEN_AT_LEAST * on) {
            return 2.0;
        }
        double even = 0;
        double odd = 0;
        for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
                even += maxNear(flux, beats[i]);
            } else {
                odd += maxNear(flux, beats[i]);
            }
        }
        even /= (n + 1) / 2;
        odd /= n / 2;
        double weak = Math.min(even, odd);
        double strong = Math.max(even, odd);
        if (bpm / 2 >= MIN_BPM && weak <= HALVE_IF_ALTERNATE_AT_MOST * strong) {
            return 0.5;
        }
        return 1.0;
    }

    private static double maxNear(float[] x, int frame) {
        double best = 0;
        for (int t = Math.max(0, frame - 1); t <= Math.min(x.length - 1, frame + 1); t++) {
            best = Math.max(best, x[t]);
        }
        return best;
    }
}
