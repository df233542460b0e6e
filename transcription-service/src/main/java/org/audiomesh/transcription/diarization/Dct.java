package org.audiomesh.transcription.diarization;

/**
 * Orthonormal DCT-II (as {@code scipy.fft.dct(x, type=2, norm="ortho")}), keeping the first
 * {@code outputs} coefficients: {@code y[k] = s(k) * sum_n x[n] cos(pi k (2n + 1) / (2N))} with
 * {@code s(0) = sqrt(1/N)}, {@code s(k) = sqrt(2/N)}. The cosine table is computed once;
 * immutable and thread-safe. (Not in {@code common/dsp} yet; move it there when a second service
 * needs cepstra.)
 */
public final class Dct {
    private final int inputs;
    private final int outputs;
    private final float[][] basis;

    /**
     * @param inputs  N, length of the input vector
     * @param outputs coefficients computed, 1..N
     */
    public Dct(int inputs, int outputs) {
        if (inputs < 1 || outputs < 1 || outputs > inputs) {
            throw new IllegalArgumentException("need 1 <= outputs <= inputs: " + outputs + ", " + inputs);
        }
        this.inputs = inputs;
        this.outputs = outputs;
        this.basis = new float[outputs][inputs];
        for (int k = 0; k < outputs; k++) {
            double scale = Math.sqrt((k == 0 ? 1.0 : 2.0) / inputs);
            for (int n = 0; n < inputs; n++) {
                basis[k][n] = (float) (scale * Math.cos(Math.PI * k * (2 * n + 1) / (2.0 * inputs)));
            }
        }
    }

    /**
     * @param x   {@code float[inputs]}
     * @param out receives {@code float[outputs]}
     */
    public void apply(float[] x, float[] out) {
        for (int k = 0; k < outputs; k++) {
            float[] b = basis[k];
            double acc = 0;
            for (int n = 0; n < inputs; n++) {
                acc += b[n] * x[n];
            }
            out[k] = (float) acc;
        }
    }

    public int outputs() {
        return outputs;
    }
}
