package org.audiomesh.enhancement.dsp;

/**
 * The spread between the loud and the quiet frames of a recording: the level exceeded by the
 * loudest {@value #LOUD_SHARE} of the frames minus the level under which the quietest
 * {@value #QUIET_SHARE} lie (dB). Speech over a steady noise floor gives roughly its SNR plus
 * 6 dB (about 16 dB at 10 dB SNR); a clean recording 25 dB and more. Frame levels go into a
 * histogram of 0.5 dB bins that forgets with a time constant of about 30 s, so a long recording
 * is judged on its recent past. Digital silence is left out.
 */
public final class LevelRange {
    static final double LOUD_SHARE = 0.05;
    static final double QUIET_SHARE = 0.10;
    private static final double BIN_DB = 0.5;
    private static final double LOWEST_DB = -200;
    private static final int BINS = 600;
    private static final double MEMORY_SECONDS = 30;
    private static final double DECAY_PERIOD_SECONDS = 1;

    private final double[] histogram = new double[BINS];
    private final int decayFrames;
    private final double decay;
    private double total;
    private int sinceDecay;

    private final int firstBin;

    /** @param hopSeconds time between two frames (s) */
    public LevelRange(double hopSeconds) {
        this(hopSeconds, 0);
    }

    /**
     * @param hopSeconds time between two frames (s)
     * @param firstBin   the lowest bin counted in a frame's level
     */
    public LevelRange(double hopSeconds, int firstBin) {
        this.firstBin = firstBin;
        this.decayFrames = Math.max(1, (int) Math.round(DECAY_PERIOD_SECONDS / hopSeconds));
        this.decay = Math.exp(-DECAY_PERIOD_SECONDS / MEMORY_SECONDS);
    }

    /** Adds one frame's periodogram (linear power, any scale). */
    public void add(float[] power) {
        if (NoisePowerTracker.isDigitalSilence(power)) {
            return;
        }
        int bin = (int) ((levelDb(power) - LOWEST_DB) / BIN_DB);
        histogram[Math.max(0, Math.min(BINS - 1, bin))] += 1;
        total += 1;
        if (++sinceDecay >= decayFrames) {
            sinceDecay = 0;
            for (int i = 0; i < BINS; i++) {
                histogram[i] *= decay;
            }
            total *= decay;
        }
    }

    /** Frames seen, weighted by the forgetting (0 before the first non-silent frame). */
    public double weight() {
        return total;
    }

    /** Loud level minus quiet level (dB); 0 before any frame. */
    public double rangeDb() {
        if (total <= 0) {
            return 0;
        }
        return level(1 - LOUD_SHARE) - level(QUIET_SHARE);
    }

    /** Level (dB, same scale as the frames) exceeded by the loudest {@value #LOUD_SHARE} of the frames. */
    public double loudDb() {
        return total <= 0 ? 0 : level(1 - LOUD_SHARE);
    }

    /** Level of one periodogram on the histogram's scale (dB). */
    public double levelDb(float[] power) {
        double sum = 0;
        for (int k = firstBin; k < power.length; k++) {
            sum += power[k];
        }
        return 10 * Math.log10(Math.max(sum, 1e-30));
    }

    private double level(double share) {
        double target = share * total;
        double sum = 0;
        for (int i = 0; i < BINS; i++) {
            sum += histogram[i];
            if (sum >= target) {
                return LOWEST_DB + (i + 0.5) * BIN_DB;
            }
        }
        return LOWEST_DB + BINS * BIN_DB;
    }
}
