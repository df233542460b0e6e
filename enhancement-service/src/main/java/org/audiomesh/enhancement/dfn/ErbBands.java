package org.audiomesh.enhancement.dfn;

/**
 * DeepFilterNet's rectangular ERB bands over the STFT bins (libDF {@code erb_fb}): {@code nbErb}
 * bands equally spaced on the ERB scale {@code 9.265 ln(1 + f / (24.7 * 9.265))} from 0 Hz to
 * Nyquist, each at least {@code minNbFreqs} bins wide, covering all {@code fftSize / 2 + 1} bins.
 * Computed in single precision, step by step, as the Rust reference does.
 */
public final class ErbBands {
    private final int[] widths;

    public ErbBands(int sampleRate, int fftSize, int nbBands, int minNbFreqs) {
        this.widths = widths(sampleRate, fftSize, nbBands, minNbFreqs);
    }

    /** Bins per band, lowest band first; they sum to {@code fftSize / 2 + 1}. */
    public int[] widths() {
        return widths.clone();
    }

    public int bands() {
        return widths.length;
    }

    static int[] widths(int sampleRate, int fftSize, int nbBands, int minNbFreqs) {
        int nyquist = sampleRate / 2;
        float freqWidth = (float) sampleRate / (float) fftSize;
        float erbLow = freq2erb(0f);
        float erbHigh = freq2erb(nyquist);
        float step = (erbHigh - erbLow) / nbBands;
        int[] erb = new int[nbBands];
        int prev = 0;
        int over = 0;
        for (int i = 1; i <= nbBands; i++) {
            float f = erb2freq(erbLow + i * step);
            int fb = Math.round(f / freqWidth);
            int nb = fb - prev - over;
            if (nb < minNbFreqs) {
                over = minNbFreqs - nb;
                nb = minNbFreqs;
            } else {
                over = 0;
            }
            erb[i - 1] = nb;
            prev = fb;
        }
        erb[nbBands - 1] += 1;
        int sum = 0;
        for (int w : erb) {
            sum += w;
        }
        erb[nbBands - 1] -= sum - (fftSize / 2 + 1);
        return erb;
    }

    private static float freq2erb(float hz) {
        return 9.265f * (float) Math.log1p(hz / (24.7f * 9.265f));
    }

    private static float erb2freq(float erb) {
        return 24.7f * 9.265f * ((float) Math.exp(erb / 9.265f) - 1f);
    }

    /**
     * Mean power of each band (libDF {@code compute_band_corr} of a spectrum with itself).
     *
     * @param spectrum interleaved re/im, {@code float[2 * bins]}
     * @param out      {@code float[bands]}
     */
    public void bandPower(float[] spectrum, float[] out) {
        int bin = 0;
        for (int b = 0; b < widths.length; b++) {
            float k = 1f / widths[b];
            float acc = 0f;
            for (int j = 0; j < widths[b]; j++, bin++) {
                float re = spectrum[2 * bin];
                float im = spectrum[2 * bin + 1];
                acc += (re * re + im * im) * k;
            }
            out[b] = acc;
        }
    }

    /** Multiplies every bin by its band's gain (libDF {@code apply_interp_band_gain}). */
    public void applyGains(float[] spectrum, float[] gains) {
        int bin = 0;
        for (int b = 0; b < widths.length; b++) {
            float g = gains[b];
            for (int j = 0; j < widths[b]; j++, bin++) {
                spectrum[2 * bin] *= g;
                spectrum[2 * bin + 1] *= g;
            }
        }
    }
}
