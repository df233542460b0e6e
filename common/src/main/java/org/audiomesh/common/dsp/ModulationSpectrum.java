package org.audiomesh.common.dsp;

/**
 * The modulation spectrum of an amplitude envelope (frame RMS at a fixed frame rate): how the
 * envelope's fluctuation power, its mean removed and a Hann window applied (DFT tables cached per length), divides among
 * modulation-frequency bands, plus the modulation depth (standard deviation over mean).
 *
 * <p>Speech concentrates near the syllable rate (2 to 8 Hz); stationary noise spreads its small
 * fluctuations evenly; clicks put power at every modulation frequency. The envelope is short
 * (about 60 frames per second of audio), so a direct DFT is cheap. Holds scratch buffers: not
 * thread-safe.
 */
public final class ModulationSpectrum {

    private final double[] edgesHz;
    private double[] windowed = new double[0];
    /** cos/sin of the DFT for the last frame count, {@code [k * frames + t]}. */
    private double[] cos = new double[0];
    private double[] sin = new double[0];
    private int tableFrames;

    /**
     * @param edgesHz ascending band edges in Hz: band i is {@code [edgesHz[i], edgesHz[i+1])}
     */
    public ModulationSpectrum(double... edgesHz) {
        if (edgesHz.length < 2) {
            throw new IllegalArgumentException("need at least two band edges");
        }
        for (int i = 1; i < edgesHz.length; i++) {
            if (!(edgesHz[i] > edgesHz[i - 1])) {
                throw new IllegalArgumentException("band edges must ascend");
            }
        }
        this.edgesHz = edgesHz.clone();
    }

    /** Number of bands, one less than the edges. */
    public int bands() {
        return edgesHz.length - 1;
    }

    /**
     * @param envelope  frame RMS values (linear, not dB), {@code envelope[0, frames)}
     * @param frames    frames used
     * @param frameRate frames per second, Hz
     * @param sharesOut receives {@code double[bands()]}: each band's share of the fluctuation
     *                  power within all bands, 0..1 (all 0 for a constant envelope)
     * @return modulation depth, standard deviation over mean of the envelope (0 for silence)
     */
    public double analyse(float[] envelope, int frames, double frameRate, double[] sharesOut) {
        java.util.Arrays.fill(sharesOut, 0, bands(), 0.0);
        if (frames < 4) {
            return 0.0;
        }
        if (windowed.length < frames) {
            windowed = new double[frames];
        }
        double mean = 0;
        for (int t = 0; t < frames; t++) {
            mean += envelope[t];
        }
        mean /= frames;
        double var = 0;
        for (int t = 0; t < frames; t++) {
            double d = envelope[t] - mean;
            var += d * d;
            windowed[t] = d * Math.sin(Math.PI * (t + 0.5) / frames) * Math.sin(Math.PI * (t + 0.5) / frames);
        }
        double depth = mean <= 1e-12 ? 0.0 : Math.sqrt(var / frames) / mean;
        if (tableFrames != frames) {
            cos = new double[(frames / 2 + 1) * frames];
            sin = new double[(frames / 2 + 1) * frames];
            for (int k = 0; k <= frames / 2; k++) {
                for (int t = 0; t < frames; t++) {
                    cos[k * frames + t] = Math.cos(-2 * Math.PI * k * t / frames);
                    sin[k * frames + t] = Math.sin(-2 * Math.PI * k * t / frames);
                }
            }
            tableFrames = frames;
        }
        double total = 0;
        for (int k = 1; k <= frames / 2; k++) {
            double f = k * frameRate / frames;
            int band = band(f);
            if (band < 0) {
                continue;
            }
            double re = 0;
            double im = 0;
            int row = k * frames;
            for (int t = 0; t < frames; t++) {
                re += windowed[t] * cos[row + t];
                im += windowed[t] * sin[row + t];
            }
            double p = re * re + im * im;
            sharesOut[band] += p;
            total += p;
        }
        if (total > 1e-30) {
            for (int b = 0; b < bands(); b++) {
                sharesOut[b] /= total;
            }
        } else {
            java.util.Arrays.fill(sharesOut, 0, bands(), 0.0);
        }
        return depth;
    }

    private int band(double f) {
        for (int b = 0; b < edgesHz.length - 1; b++) {
            if (f >= edgesHz[b] && f < edgesHz[b + 1]) {
                return b;
            }
        }
        return -1;
    }
}
