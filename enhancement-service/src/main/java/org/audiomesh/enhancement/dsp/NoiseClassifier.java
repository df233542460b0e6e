package org.audiomesh.enhancement.dsp;

/**
 * Names the kind of noise in a recording from what the enhancer saw: the long-term noise PSD,
 * how much the noise estimate moved over time, and any mains hum. A coarse, explainable label
 * for operators and the pipeline, not a trained classifier; the rules, in this order, with
 * thresholds set on the test set of tools/enhancement-bench (its report gives the confusion):
 * <ul>
 *   <li>{@code hum}: mains hum lines hold at least {@value #HUM_SHARE} of the input's power;</li>
 *   <li>{@code none}: estimated SNR above 35 dB;</li>
 *   <li>{@code music}: the noise spectrum is peaky (tonal): peaks at least
 *       {@value #TONAL_PEAKINESS_DB} dB above the local median on average;</li>
 *   <li>{@code babble}: at least {@value #BABBLE_SPEECH_BAND_SHARE} of the noise power between
 *       150 Hz and 4 kHz, falling faster than 4 dB/octave above (speech-shaped);</li>
 *   <li>{@code bursts}: the noise level estimate moves with a standard deviation of at least
 *       {@value #NONSTATIONARY_DB} dB over time;</li>
 *   <li>otherwise stationary noise named by the slope of its spectrum between 200 Hz and 6 kHz:
 *       {@code white} (above -1.5 dB/octave), {@code pink} (down to -4.5 dB/octave), else
 *       {@code brown}.</li>
 * </ul>
 * Short noise bursts are often taken for speech by the noise tracker, so they may be named
 * {@code white} with an overestimated SNR.
 */
public final class NoiseClassifier {
    public static final double HUM_SHARE = 0.08;
    static final double TONAL_PEAKINESS_DB = 1.6;
    static final double BABBLE_SPEECH_BAND_SHARE = 0.88;
    static final double NONSTATIONARY_DB = 1.3;

    private final int bins;
    private final double binHz;
    private final double[] noiseSum;
    private long frames;
    private double levelMean;
    private double levelM2;

    /**
     * @param bins   spectrum bins per frame
     * @param binHz  width of one bin (Hz)
     */
    public NoiseClassifier(int bins, double binHz) {
        this.bins = bins;
        this.binHz = binHz;
        this.noiseSum = new double[bins];
    }

    /** Adds one frame's noise PSD estimate. */
    public void add(float[] noise) {
        double total = 0;
        for (int k = 0; k < bins; k++) {
            noiseSum[k] += noise[k];
            total += noise[k];
        }
        double level = 10 * Math.log10(total + 1e-30);
        frames++;
        double d = level - levelMean;
        levelMean += d / frames;
        levelM2 += d * (level - levelMean);
    }

    /** Standard deviation over time of the noise level (dB). */
    public double levelDeviationDb() {
        return frames < 2 ? 0 : Math.sqrt(levelM2 / (frames - 1));
    }

    /** Slope of the long-term noise PSD from 200 Hz to 6 kHz (dB per octave), least squares over log2 f. */
    public double slopeDbPerOctave() {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = 0;
        for (int k = 1; k < bins; k++) {
            double f = k * binHz;
            if (f < 200 || f > 6000) {
                continue;
            }
            double x = Math.log(f) / Math.log(2);
            double y = 10 * Math.log10(noiseSum[k] + 1e-30);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            n++;
        }
        if (n < 3) {
            return 0;
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    /**
     * How far the long-term noise spectrum's peaks rise above its local median between 100 Hz and
     * 5 kHz (dB): the mean over bins of the excess of each bin over the median of its 17
     * neighbours, counting only positive excesses.
     */
    public double peakinessDb() {
        double sum = 0;
        int n = 0;
        double[] window = new double[17];
        for (int k = 8; k < bins - 8; k++) {
            double f = k * binHz;
            if (f < 100 || f > 5000) {
                continue;
            }
            for (int j = -8; j <= 8; j++) {
                window[j + 8] = noiseSum[k + j];
            }
            java.util.Arrays.sort(window);
            double excess = 10 * Math.log10((noiseSum[k] + 1e-30) / (window[8] + 1e-30));
            sum += Math.max(0, excess);
            n++;
        }
        return n == 0 ? 0 : sum / n * 2; // a symmetric spectrum has half its bins above the median
    }

    /** Share of the long-term noise power between 150 Hz and 4 kHz, where speech babble concentrates. */
    public double speechBandShare() {
        double in = 0;
        double all = 0;
        for (int k = 1; k < bins; k++) {
            double f = k * binHz;
            all += noiseSum[k];
            if (f >= 150 && f <= 4000) {
                in += noiseSum[k];
            }
        }
        return all <= 0 ? 0 : in / all;
    }

    /**
     * @param snrDb         estimated input SNR (dB)
     * @param humPowerShare fraction of the input power in hum lines (0..1)
     */
    public String classify(double snrDb, double humPowerShare) {
        if (humPowerShare >= HUM_SHARE) {
            return "hum";
        }
        if (snrDb > 35 || frames == 0) {
            return "none";
        }
        if (peakinessDb() >= TONAL_PEAKINESS_DB) {
            return "music";
        }
        double slope = slopeDbPerOctave();
        if (speechBandShare() >= BABBLE_SPEECH_BAND_SHARE && slope < -4) {
            return "babble";
        }
        if (levelDeviationDb() >= NONSTATIONARY_DB) {
            return "bursts";
        }
        if (slope > -1.5) {
            return "white";
        }
        return slope > -4.5 ? "pink" : "brown";
    }
}
