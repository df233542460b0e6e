package org.audiomesh.enhancement.dsp;

/**
 * A-priori speech absence probability per bin, from the a-priori SNR of the previous frame
 * (Cohen and Berdugo, "Speech enhancement for non-stationary noise environments", Signal
 * Processing 2001; Cohen, "Optimal speech enhancement under signal presence uncertainty using
 * log-spectral amplitude estimator", IEEE SPL 2002).
 *
 * <p>The a-priori SNR is averaged over time ({@code zeta}), then over a narrow (local, about
 * 100 Hz) and a wide (global, about 1 kHz) band of neighbouring bins; each average maps to a
 * likelihood of speech, 0 under {@value #ZETA_MIN_DB} dB, 1 over {@value #ZETA_MAX_DB} dB and
 * log-linear between. A third likelihood comes from the whole frame's average over the speech
 * band: 1 while it rises, falling with its distance from the last peak as it decays (so the
 * tail of a word is not cut), 0 when it is under {@value #ZETA_MIN_DB} dB. The absence
 * probability is {@code q = 1 - P_local P_global P_frame}, at most {@value #Q_MAX}.
 */
public final class SpeechAbsence {
    static final double ZETA_MIN_DB = -10;
    static final double ZETA_MAX_DB = -5;
    static final double PEAK_MIN_DB = 0;
    static final double PEAK_MAX_DB = 10;
    static final double Q_MAX = 0.95;
    private static final double BETA_8MS = 0.7;
    private static final double LOCAL_HZ = 50;
    private static final double GLOBAL_HZ = 470;
    private static final double FRAME_LO_HZ = 100;
    private static final double FRAME_HI_HZ = 4000;

    private final int bins;
    private final double beta;
    private final int localHalf;
    private final int globalHalf;
    private final int frameLo;
    private final int frameHi;
    private final double zetaMin = Math.pow(10, ZETA_MIN_DB / 10);
    private final double zetaMax = Math.pow(10, ZETA_MAX_DB / 10);
    private final double logZetaSpan = Math.log(zetaMax / zetaMin);
    private final double peakMin = Math.pow(10, PEAK_MIN_DB / 10);
    private final double peakMax = Math.pow(10, PEAK_MAX_DB / 10);
    private final double[] zeta;
    private final double[] prefix;
    private final float[] ratio;
    private double previousFrameZeta;
    private double peak = 1;

    public SpeechAbsence(int bins, double hopSeconds, double binHz) {
        this.bins = bins;
        this.beta = Math.pow(BETA_8MS, hopSeconds / 0.008);
        this.localHalf = Math.max(1, (int) Math.round(LOCAL_HZ / binHz));
        this.globalHalf = Math.max(localHalf + 1, (int) Math.round(GLOBAL_HZ / binHz));
        this.frameLo = Math.min(bins - 1, (int) Math.round(FRAME_LO_HZ / binHz));
        this.frameHi = Math.max(frameLo + 1, Math.min(bins, (int) Math.round(FRAME_HI_HZ / binHz)));
        this.zeta = new double[bins];
        this.prefix = new double[bins + 1];
        this.ratio = new float[bins];
    }

    /** Advances with the previous frame's a-priori SNR (linear) and computes this frame's ratios. */
    public void update(float[] previousXi) {
        for (int k = 0; k < bins; k++) {
            zeta[k] = beta * zeta[k] + (1 - beta) * previousXi[k];
            prefix[k + 1] = prefix[k] + zeta[k];
        }
        double frameZeta = (prefix[frameHi] - prefix[frameLo]) / (frameHi - frameLo);
        double pFrame;
        if (frameZeta <= zetaMin) {
            pFrame = 0;
        } else if (frameZeta > previousFrameZeta) {
            peak = Math.min(Math.max(frameZeta, peakMin), peakMax);
            pFrame = 1;
        } else {
            pFrame = frameZeta <= peak * zetaMin ? 0 : frameZeta >= peak * zetaMax ? 1
                    : Math.log(frameZeta / (peak * zetaMin)) / logZetaSpan;
        }
        previousFrameZeta = frameZeta;
        for (int k = 0; k < bins; k++) {
            double local = window(k, localHalf);
            double global = window(k, globalHalf);
            double q = 1 - likelihood(local) * likelihood(global) * pFrame;
            q = Math.min(q, Q_MAX);
            ratio[k] = (float) (q / (1 - q));
        }
    }

    /** {@code q / (1 - q)} of bin {@code k} for the current frame. */
    public double ratio(int k) {
        return ratio[k];
    }

    private double window(int k, int half) {
        int lo = Math.max(0, k - half);
        int hi = Math.min(bins, k + half + 1);
        return (prefix[hi] - prefix[lo]) / (hi - lo);
    }

    private double likelihood(double z) {
        if (z <= zetaMin) {
            return 0;
        }
        if (z >= zetaMax) {
            return 1;
        }
        return FastMath.log(z / zetaMin) / logZetaSpan; // within 4e-5: the log's 2e-4 over the span
    }
}
