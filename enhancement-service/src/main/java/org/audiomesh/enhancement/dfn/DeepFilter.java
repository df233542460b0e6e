package org.audiomesh.enhancement.dfn;

/**
 * Deep filtering (Schröter et al., "DeepFilterNet", 2022): each of the lowest {@code nbDf} bins
 * of a frame is replaced by a complex FIR filter over the same bin in {@code order} frames,
 * {@code Y[t,f] = sum_n X[t - order + 1 + lookahead + n, f] * C[t,f,n]} (complex product, no
 * conjugate), as libDF's {@code df} and {@code torch.einsum("...tfn,...ntf->...tf")} do.
 */
public final class DeepFilter {
    private DeepFilter() {
    }

    /**
     * @param taps   {@code order} spectra, oldest first, interleaved re/im (at least {@code 2 nbDf}
     *               long each); a {@code null} tap is a frame outside the signal (zero)
     * @param coefs  coefficients, {@code [nbDf][order][re, im]} flattened, from {@code offset}
     * @param offset first coefficient of this frame in {@code coefs}
     * @param nbDf   bins to filter
     * @param out    receives the filtered bins, interleaved re/im, {@code float[2 nbDf]} at least
     */
    public static void apply(float[][] taps, float[] coefs, int offset, int nbDf, float[] out) {
        int order = taps.length;
        for (int f = 0; f < nbDf; f++) {
            float re = 0f;
            float im = 0f;
            int c = offset + f * order * 2;
            for (int n = 0; n < order; n++, c += 2) {
                float[] x = taps[n];
                if (x == null) {
                    continue;
                }
                float xr = x[2 * f];
                float xi = x[2 * f + 1];
                float cr = coefs[c];
                float ci = coefs[c + 1];
                re += xr * cr - xi * ci;
                im += xr * ci + xi * cr;
            }
            out[2 * f] = re;
            out[2 * f + 1] = im;
        }
    }
}
