package org.audiomesh.enhancement.dsp;

/**
 * Spectral gains for one channel of noisy speech: noise PSD from a {@link NoisePowerTracker},
 * a-priori SNR by the decision-directed rule (Ephraim and Malah 1984), the MMSE
 * log-spectral-amplitude gain (Ephraim and Malah 1985), and the speech-presence weighting of
 * the optimally-modified LSA (Cohen 2002), which pulls bins where speech is unlikely down to the
 * gain floor instead of leaving isolated spectral peaks ("musical noise").
 *
 * <p>Per bin and frame, with {@code gamma = |Y|^2 / sigma^2}:
 * <pre>
 *   xi   = max(a * G1'^2 gamma' + (1 - a) max(gamma - 1, 0), xiMin)    (' = previous frame)
 *   v    = xi gamma / (1 + xi)
 *   G1   = xi / (1 + xi) exp(E1(v) / 2)                                 (LSA gain, at most 1)
 *   p    = 1 / (1 + q / (1 - q) (1 + xi) exp(-v))                         (speech presence)
 *   G    = G1^p Gmin^(1 - p)
 * </pre>
 * Musical noise (isolated short-lived spectral peaks) is held down three ways: the
 * decision-directed a-priori SNR is a smoothed quantity (Cappé 1994), the presence weighting
 * pulls unlikely bins to the floor, and the floor itself leaves a smooth residual instead of holes.
 * The decision-directed smoothing factor is 0.9 at a 16 ms hop, converted to the actual hop.
 * The speech and noise powers seen are summed for the SNR estimate. Not thread-safe; one
 * instance per channel.
 */
public final class SpeechGainEstimator {
    /** Smoothing of the decision-directed rule, at a 16 ms hop. */
    private static final double DD_ALPHA_16MS = 0.9;
    private static final double XI_MIN = Math.pow(10, -25 / 10.0);

    private final int bins;
    private final NoisePowerTracker tracker;
    private final float gainFloor;
    private final double logGainFloor;
    private final double ddAlpha;
    private final double absenceRatio;
    private final float[] previousCleanSnr;
    private double speechEnergy;
    private double noiseEnergy;
    private long frames;

    /**
     * @param bins            spectrum bins per frame
     * @param hopSeconds      time between frames (s)
     * @param attenuationDb   largest attenuation of a bin (dB, positive), sets the gain floor
     * @param speechAbsence   a-priori probability that a bin holds no speech, in (0, 1)
     */
    public SpeechGainEstimator(int bins, double hopSeconds, double attenuationDb, double speechAbsence) {
        this.bins = bins;
        this.tracker = new NoisePowerTracker(bins, hopSeconds);
        this.gainFloor = (float) Math.pow(10, -attenuationDb / 20);
        this.logGainFloor = Math.log(gainFloor);
        this.ddAlpha = Math.pow(DD_ALPHA_16MS, hopSeconds / 0.016);
        this.absenceRatio = speechAbsence / (1 - speechAbsence);
        this.previousCleanSnr = new float[bins];
    }

    public NoisePowerTracker tracker() {
        return tracker;
    }

    /**
     * Computes the gains of one frame and advances the noise estimate.
     *
     * @param power periodogram {@code |Y|^2}, {@code float[bins]}
     * @param gains receives the gains, {@code float[bins]}, in {@code [gain floor, 1]}
     */
    public void gains(float[] power, float[] gains) {
        tracker.update(power);
        float[] noise = tracker.noise();
        double speech = 0;
        double noiseSum = 0;
        for (int k = 0; k < bins; k++) {
            double sigma = noise[k];
            double gamma = Math.min(power[k] / sigma, 1e6);
            double xi = ddAlpha * previousCleanSnr[k] + (1 - ddAlpha) * Math.max(gamma - 1, 0);
            if (xi < XI_MIN) {
                xi = XI_MIN;
            }
            double ratio = xi / (1 + xi);
            double v = ratio * gamma;
            double g1 = Math.min(1.0, ratio * Math.exp(0.5 * ExponentialIntegral.e1(v)));
            double p = 1.0 / (1.0 + absenceRatio * (1 + xi) * Math.exp(-v));
            double g = Math.exp(p * Math.log(Math.max(g1, 1e-10)) + (1 - p) * logGainFloor);
            gains[k] = (float) Math.max(g, gainFloor);
            previousCleanSnr[k] = (float) (g1 * g1 * gamma);
            speech += Math.max(power[k] - sigma, 0);
            noiseSum += sigma;
        }
        speechEnergy += speech;
        noiseEnergy += noiseSum;
        frames++;
    }

    /** Sum over all frames and bins of the estimated speech power ({@code max(|Y|^2 - sigma^2, 0)}). */
    public double speechEnergy() {
        return speechEnergy;
    }

    /** Sum over all frames and bins of the estimated noise power. */
    public double noiseEnergy() {
        return noiseEnergy;
    }

    public long frames() {
        return frames;
    }
}
