package org.audiomesh.enhancement.dfn;

/**
 * The encoder inputs of one audio stream, frame by frame, as libDF computes them
 * ({@code DFState::feat_erb} and {@code feat_cplx}); holds the two normalisation states.
 * <ul>
 *   <li>ERB feature: band power in dB ({@code 10 log10(p + 1e-10)}), minus an exponential mean
 *       ({@code s = x (1 - a) + s a}, started at a line from -60 to -90 dB over the bands),
 *       divided by 40;</li>
 *   <li>complex feature of the lowest {@code nbDf} bins: divided by the square root of an
 *       exponential mean of the magnitude (started at a line from 0.001 to 0.0001).</li>
 * </ul>
 */
public final class DfnFeatures {
    private static final float[] MEAN_NORM_INIT = {-60f, -90f};
    private static final float[] UNIT_NORM_INIT = {0.001f, 0.0001f};

    private final ErbBands bands;
    private final int nbDf;
    private final float alpha;
    private final float[] meanState;
    private final float[] unitState;
    private final float[] power;

    public DfnFeatures(ErbBands bands, int nbDf, float alpha) {
        this.bands = bands;
        this.nbDf = nbDf;
        this.alpha = alpha;
        int nbErb = bands.bands();
        this.meanState = new float[nbErb];
        for (int i = 0; i < nbErb; i++) {
            meanState[i] = MEAN_NORM_INIT[0] + i * ((MEAN_NORM_INIT[1] - MEAN_NORM_INIT[0]) / (nbErb - 1));
        }
        this.unitState = new float[nbDf];
        for (int i = 0; i < nbDf; i++) {
            unitState[i] = UNIT_NORM_INIT[0] + i * ((UNIT_NORM_INIT[1] - UNIT_NORM_INIT[0]) / (nbDf - 1));
        }
        this.power = new float[nbErb];
    }

    /**
     * Features of the next frame.
     *
     * @param spectrum interleaved re/im, {@code float[2 * bins]} (with libDF's analysis scaling)
     * @param erbOut   receives {@code float[nbErb]} at {@code erbOffset}
     * @param specOut  receives the real parts then the imaginary parts, {@code float[2 * nbDf]}
     *                 at {@code specOffset} (channel-first, as the encoder's {@code feat_spec})
     */
    public void next(float[] spectrum, float[] erbOut, int erbOffset, float[] specOut, int specOffset) {
        bands.bandPower(spectrum, power);
        for (int b = 0; b < power.length; b++) {
            float v = (float) Math.log10(power[b] + 1e-10f) * 10f;
            float s = v * (1 - alpha) + meanState[b] * alpha;
            meanState[b] = s;
            erbOut[erbOffset + b] = (v - s) / 40f;
        }
        for (int f = 0; f < nbDf; f++) {
            float re = spectrum[2 * f];
            float im = spectrum[2 * f + 1];
            float s = (float) Math.sqrt(re * re + im * im) * (1 - alpha) + unitState[f] * alpha;
            unitState[f] = s;
            float norm = (float) Math.sqrt(s);
            specOut[specOffset + f] = re / norm;
            specOut[specOffset + nbDf + f] = im / norm;
        }
    }
}
