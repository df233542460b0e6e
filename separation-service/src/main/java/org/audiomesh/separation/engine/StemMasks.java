package org.audiomesh.separation.engine;

/**
 * Per-bin soft masks of the built-in separator, for one STFT frame.
 *
 * <ul>
 *   <li>drums {@code D = P / (H + P)}: the percussive share, from the frame's median along
 *       frequency {@code P} against the median across time {@code H} (harmonic/percussive
 *       separation with a first-power Wiener-style mask);</li>
 *   <li>vocals {@code V = (1 - D) * C * vocalBand}: the harmonic share of what sits at the
 *       stereo centre inside the vocal band, where {@code C = max(0, 1 - |L - R|^2 / (|L|^2 +
 *       |R|^2))^8} is 1 for a bin the same in both channels (centre-panned) and falls quickly
 *       as the channels differ in level or phase (panned sources, stereo reverb);</li>
 *   <li>bass {@code B = (1 - D) * (1 - C * vocalBand) * bassBand}: the rest of the harmonic
 *       share below the bass edge.</li>
 * </ul>
 * {@code D + V + B <= 1}, so the remainder {@code 1 - D - V - B} ("other") is never negative.
 * Band gains ramp linearly over the edge widths of {@link SpectralSeparator.Settings}.
 *
 * <p>Not thread-safe (holds per-bin band gains only; the method allocates nothing).
 */
final class StemMasks {
    private final float[] vocalBand;
    private final float[] bassBand;

    /**
     * @param settings  band edges (Hz)
     * @param sampleRate Hz
     */
    StemMasks(SpectralSeparator.Settings settings, int sampleRate) {
        int bins = settings.frameSize() / 2 + 1;
        vocalBand = new float[bins];
        bassBand = new float[bins];
        double binHz = (double) sampleRate / settings.frameSize();
        for (int k = 0; k < bins; k++) {
            double f = k * binHz;
            vocalBand[k] = (float) (rise(f, settings.vocalLowHz(), settings.vocalEdgeHz())
                    * (1 - rise(f, settings.vocalHighHz(), settings.vocalEdgeHz())));
            bassBand[k] = (float) (1 - rise(f, settings.bassHighHz(), settings.bassEdgeHz()));
        }
    }

    /** 0 below {@code edge - width/2}, 1 above {@code edge + width/2}, linear between. */
    private static double rise(double f, double edge, double width) {
        return Math.max(0, Math.min(1, (f - (edge - width / 2)) / width));
    }

    /**
     * @param left       complex spectrum of the left analysis channel, {@code float[2 * bins]} re/im
     * @param right      the right one (the left again for mono input)
     * @param harmonic   median across time of the magnitude, {@code float[bins]}
     * @param percussive median along frequency of the magnitude, {@code float[bins]}
     * @param drums      receives D, {@code float[bins]}
     * @param vocals     receives V
     * @param bass       receives B
     */
    void compute(float[] left, float[] right, float[] harmonic, float[] percussive,
                 float[] drums, float[] vocals, float[] bass) {
        int bins = vocalBand.length;
        for (int k = 0; k < bins; k++) {
            float h = harmonic[k];
            float p = percussive[k];
            float d = h + p > 0 ? p / (h + p) : 0f;
            float lr = left[2 * k];
            float li = left[2 * k + 1];
            float rr = right[2 * k];
            float ri = right[2 * k + 1];
            float energy = lr * lr + li * li + rr * rr + ri * ri;
            float dr = lr - rr;
            float di = li - ri;
            float centre = energy > 0 ? Math.max(0f, 1f - (dr * dr + di * di) / energy) : 1f;
            centre *= centre;
            centre *= centre;
            centre *= centre; // ^8: only bins close to identical in both channels count as centre
            float cv = centre * vocalBand[k];
            drums[k] = d;
            vocals[k] = (1 - d) * cv;
            bass[k] = (1 - d) * (1 - cv) * bassBand[k];
        }
    }
}
