package org.audiomesh.enhancement.dsp;

/**
 * Recognises frames of loud impulsive noise (a clatter, a thump, a door) that the slow noise
 * tracker cannot follow, and gives the frame's own spectrum, smoothed over frequency, as the noise
 * of that frame.
 *
 * <p>Against the tracked noise PSD, in 500 Hz bands, a frame counts as a transient when
 * <ul>
 *   <li>its level has risen by more than 6 dB in nearly every band (broadband; fricatives rise only
 *       high up),</li>
 *   <li>the rise is about the same in every band (spread across bands under 5 to 9 dB: the noise got
 *       louder; speech over noise rises by 15-25 dB more in its formant bands than elsewhere),</li>
 *   <li>its fine structure below 2 kHz is as flat as a noise periodogram's (geometric over
 *       arithmetic mean about 0.55; voiced speech and music, being harmonic, stay under 0.45).</li>
 * </ul>
 * Each measure gives a ramp in [0, 1]; their product is the frame's weight. The transient's PSD per
 * band is the geometric mean of the periodogram in the band times {@code e^0.5772} (the mean log of
 * an exponential variable lies Euler's constant under the log of its mean), which harmonic peaks of
 * speech under the transient barely raise. Arrays are {@code float[bins]}, powers linear. Not
 * thread-safe; one instance per channel.
 */
public final class TransientNoise {
    private static final double BAND_HZ = 500;
    private static final double FLAT_MAX_HZ = 2000;
    private static final double EULER_GAMMA = 0.5772156649;
    /** Mean log a-posteriori SNR of a band risen by 6 dB: ln 4 - Euler's constant. */
    private static final double UNBIAS = Math.exp(EULER_GAMMA);
    private static final double RISE_LOG = Math.log(4) - EULER_GAMMA;
    /** Frames whose total power is under this multiple of the total noise are no transients. */
    private static final double QUICK_REJECT_RATIO = 2;
    static final double RISEN_SHARE_LOW = 0.75;
    static final double RISEN_SHARE_HIGH = 0.95;
    static final double FLATNESS_LOW = 0.45;
    static final double FLATNESS_HIGH = 0.55;
    static final double SPREAD_LOW_DB = 5;
    static final double SPREAD_HIGH_DB = 9;

    private final int bins;
    private final int[] bandStart;
    private final int flatBands;
    private final float[] bandLevel;
    private final float[] transientPsd;
    private double weight;

    /**
     * @param bins  spectrum bins per frame
     * @param binHz width of one bin (Hz)
     */
    public TransientNoise(int bins, double binHz) {
        this.bins = bins;
        int bands = Math.max(1, (int) Math.floor((bins - 1) * binHz / BAND_HZ));
        this.bandStart = new int[bands + 1];
        for (int b = 0; b <= bands; b++) {
            bandStart[b] = Math.min(bins, 1 + (int) Math.round(b * BAND_HZ / binHz));
        }
        bandStart[bands] = bins;
        int flat = 0;
        while (flat < bands && bandStart[flat + 1] * binHz <= FLAT_MAX_HZ + BAND_HZ / 2) {
            flat++;
        }
        this.flatBands = Math.max(1, flat);
        this.bandLevel = new float[bands];
        this.transientPsd = new float[bins];
    }

    /**
     * Looks at one frame.
     *
     * @param power periodogram {@code |Y|^2}
     * @param noise tracked noise PSD
     * @return the transient weight of the frame, in [0, 1]
     */
    public double analyse(float[] power, float[] noise) {
        double totalPower = 0;
        double totalNoise = 0;
        for (int k = 0; k < bins; k++) {
            totalPower += power[k];
            totalNoise += noise[k];
        }
        if (totalPower < QUICK_REJECT_RATIO * totalNoise) {
            weight = 0; // too little rise overall for most bands to have risen by 6 dB: skip the rest
            return weight;
        }
        int bands = bandLevel.length;
        int risen = 0;
        double flatSum = 0;
        double riseSum = 0;
        double riseSquares = 0;
        for (int b = 0; b < bands; b++) {
            int s = bandStart[b];
            int e = bandStart[b + 1];
            double logSum = 0;
            double sum = 0;
            double noiseSum = 0;
            for (int k = s; k < e; k++) {
                float p = Math.max(power[k], 1e-30f);
                logSum += FastMath.ln(p);
                sum += p;
                noiseSum += noise[k];
            }
            int n = e - s;
            double meanLog = logSum / n;
            // the noise PSD is smooth within a band: the log of its mean stands for the mean of its log
            double meanLogGamma = meanLog - Math.log(noiseSum / n);
            riseSum += meanLogGamma;
            riseSquares += meanLogGamma * meanLogGamma;
            if (meanLogGamma > RISE_LOG) {
                risen++;
            }
            double geo = Math.exp(meanLog);
            if (b < flatBands) {
                flatSum += geo / (sum / n);
            }
            bandLevel[b] = (float) (geo * UNBIAS);
        }
        double rise = (double) risen / bands;
        double flat = flatSum / flatBands;
        double meanRise = riseSum / bands;
        double spreadDb = 10 / Math.log(10) * Math.sqrt(Math.max(0, riseSquares / bands - meanRise * meanRise));
        weight = ramp(rise, RISEN_SHARE_LOW, RISEN_SHARE_HIGH) * ramp(flat, FLATNESS_LOW, FLATNESS_HIGH)
                * (1 - ramp(spreadDb, SPREAD_LOW_DB, SPREAD_HIGH_DB));
        return weight;
    }

    private static double ramp(double x, double lo, double hi) {
        return x <= lo ? 0 : x >= hi ? 1 : (x - lo) / (hi - lo);
    }

    /** The transient's PSD estimate of the last frame, {@code float[bins]} (live view, refilled by each call). */
    public float[] psd() {
        for (int b = 0; b < bandLevel.length; b++) {
            java.util.Arrays.fill(transientPsd, bandStart[b], bandStart[b + 1], bandLevel[b]);
        }
        transientPsd[0] = transientPsd[Math.min(1, bins - 1)];
        return transientPsd;
    }

    public double weight() {
        return weight;
    }
}
