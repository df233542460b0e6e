package org.audiomesh.common.dsp;

/**
 * Mel-frequency cepstral coefficients from mel band energies: {@code 10 log10} of each band
 * (floored at {@value #FLOOR_DB} dB) and an orthonormal DCT-II, as librosa's
 * {@code feature.mfcc(dct_type=2, norm="ortho")} on a power mel spectrogram in dB.
 *
 * <p>Coefficient 0 is {@code sqrt(1/bands)} times the sum of the band levels, so it follows the
 * overall level; the others describe the shape of the spectral envelope. The DCT basis is computed
 * once; immutable and thread-safe (the caller supplies the output array).
 */
public final class Mfcc {

    /** Level of an empty band, dB: the floor keeps log(0) out of the coefficients. */
    public static final double FLOOR_DB = -120.0;

    private final int bands;
    private final int coefficients;
    /** {@code basis[c * bands + m]}: weight of band m in coefficient c. */
    private final float[] basis;

    /**
     * @param bands        mel bands per input frame, at least 1
     * @param coefficients coefficients to keep, 1..bands
     */
    public Mfcc(int bands, int coefficients) {
        if (bands < 1 || coefficients < 1 || coefficients > bands) {
            throw new IllegalArgumentException("need 1 <= coefficients <= bands: " + coefficients + ", " + bands);
        }
        this.bands = bands;
        this.coefficients = coefficients;
        this.basis = new float[coefficients * bands];
        for (int c = 0; c < coefficients; c++) {
            double scale = Math.sqrt((c == 0 ? 1.0 : 2.0) / bands);
            for (int m = 0; m < bands; m++) {
                basis[c * bands + m] = (float) (scale * Math.cos(Math.PI * c * (m + 0.5) / bands));
            }
        }
    }

    public int bands() {
        return bands;
    }

    public int coefficients() {
        return coefficients;
    }

    /**
     * Coefficients of one frame. Allocates nothing.
     *
     * @param melPower mel band power, {@code float[bands]} (linear, not dB)
     * @param levelsDb scratch, {@code float[bands]}: receives the band levels in dB
     * @param out      receives {@code float[coefficients]}
     */
    public void compute(float[] melPower, float[] levelsDb, float[] out) {
        for (int m = 0; m < bands; m++) {
            double p = melPower[m];
            levelsDb[m] = (float) (p > 1e-12 ? Math.max(FLOOR_DB, 10.0 * Math.log10(p)) : FLOOR_DB);
        }
        for (int c = 0; c < coefficients; c++) {
            int row = c * bands;
            float acc = 0f;
            for (int m = 0; m < bands; m++) {
                acc += basis[row + m] * levelsDb[m];
            }
            out[c] = acc;
        }
    }
}
