package org.audiomesh.analysis.engine;

/**
 * Checks that a tracked beat sits at the metrical level a listener would tap (roughly 60 to
 * 180 BPM), not at half or double speed, from where the onsets fall relative to the beats.
 *
 * <ul>
 *   <li>Too slow: when the onsets halfway between the beats are nearly as strong as those on the
 *       beats (a backbeat heard as off-beats), the beat is really twice as fast; but a doubled
 *       beat above {@value #FAST_BPM} BPM must itself be subdivided (onsets at a quarter and three
 *       quarters of the current beat): a beat that fast is rarely the fastest pulse of the music,
 *       and syncopated grooves put strong onsets on the off-beats of a slower beat.</li>
 *   <li>Too fast: when every other beat is much weaker than its neighbours (the tracker followed
 *       eighth-note hi-hats), the beat is really half as fast. Weaker means, on average, at most
 *       {@value #HALVE_IF_ALTERNATE_AT_MOST} of the weaker of the two kinds of kept beat at
 *       120 BPM, a threshold that rises with the tempo ({@link #halvingThreshold}): with a kick
 *       on 1, side sticks on 2 and 4 and nothing on 3, the backbeat is the beat, although 1 and
 *       3 together are stronger on average.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class MetricalLevel {

    /** The fastest tempo a doubling may produce, and the slowest a halving may, BPM. */
    static final double MAX_BPM = 190.0;
    static final double MIN_BPM = 50.0;
    /** Between-beat onsets at least this fraction of the on-beat ones mean the beat is too slow. */
    static final double DOUBLE_IF_BETWEEN_AT_LEAST = 0.55;
    /** Above this doubled tempo, doubling also needs subdivisions of the doubled beat, BPM. */
    static final double FAST_BPM = 140.0;
    /** Onsets at the quarter-beat positions at least this fraction of the on-beat ones are subdivisions. */
    static final double SUBDIVIDED_IF_QUARTERS_AT_LEAST = 0.15;
    /** Alternate beats at most this fraction of the others mean the beat is too fast (see {@link #correction}). */
    static final double HALVE_IF_ALTERNATE_AT_MOST = 0.55;
    /** How much the halving threshold rises per octave of tempo above 120 BPM. */
    static final double HALVE_THRESHOLD_PER_OCTAVE = 0.15;

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
        double quarters = 0;
        for (int i = 0; i + 1 < n; i++) {
            int a = beats[i];
            double length = beats[i + 1] - a;
            on += maxNear(flux, a);
            between += maxNear(flux, (beats[i] + beats[i + 1] + 1) / 2);
            quarters += 0.5 * (maxNear(flux, a + (int) Math.round(length / 4))
                    + maxNear(flux, a + (int) Math.round(3 * length / 4)));
        }
        if (!(on > 0)) {
            return 1.0;
        }
        if (2 * bpm <= MAX_BPM && between >= DOUBLE_IF_BETWEEN_AT_LEAST * on
                && (2 * bpm <= FAST_BPM || quarters >= SUBDIVIDED_IF_QUARTERS_AT_LEAST * on)) {
            return 2.0;
        }
        // mean onset strength of the beats by position in a cycle of four: halving keeps either
        // positions 0 and 2 or 1 and 3, and is right only if the dropped positions are, on
        // average, much weaker than the weaker of the kept ones
        double[] position = new double[4];
        int[] count = new int[4];
        for (int i = 0; i < n; i++) {
            position[i % 4] += maxNear(flux, beats[i]);
            count[i % 4]++;
        }
        for (int p = 0; p < 4; p++) {
            position[p] /= Math.max(1, count[p]);
        }
        double evenWeakest = Math.min(position[0], position[2]);
        double oddWeakest = Math.min(position[1], position[3]);
        double kept = Math.max(evenWeakest, oddWeakest);
        double dropped = evenWeakest >= oddWeakest ? 0.5 * (position[1] + position[3])
                : 0.5 * (position[0] + position[2]);
        if (bpm / 2 >= MIN_BPM && dropped <= halvingThreshold(bpm) * kept) {
            return 0.5;
        }
        return 1.0;
    }

    /**
     * {@value #HALVE_IF_ALTERNATE_AT_MOST} at 120 BPM, {@value #HALVE_THRESHOLD_PER_OCTAVE} more
     * per octave faster (less per octave slower): the faster a beat, the more readily listeners
     * hear every other one as the beat.
     */
    static double halvingThreshold(double bpm) {
        return HALVE_IF_ALTERNATE_AT_MOST + HALVE_THRESHOLD_PER_OCTAVE * Math.log(bpm / 120.0) / Math.log(2.0);
    }

    private static double maxNear(float[] x, int frame) {
        double best = 0;
        for (int t = Math.max(0, frame - 1); t <= Math.min(x.length - 1, frame + 1); t++) {
            best = Math.max(best, x[t]);
        }
        return best;
    }
}
