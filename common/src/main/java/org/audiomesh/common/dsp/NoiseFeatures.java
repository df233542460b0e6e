package org.audiomesh.common.dsp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The features of background noise in one window of mono audio (one second in the noise
 * classifier), computed the same way at any sample rate: spectra of {@value #FRAME_SECONDS} s
 * frames side by side (a Hann window of that length, zero-padded to a power of two for the
 * {@link Stft}), only the band up to {@value #TOP_HZ} Hz (or the Nyquist frequency, if lower),
 * and levels of {@value #BLOCK_SECONDS} s blocks, so that 16, 22.05 and 24 kHz audio give the
 * same numbers for the same sound.
 *
 * <p>The vector ({@link #NAMES}, in this order; {@link #VERSION} changes whenever a feature's
 * definition does, so that models trained on other features are refused):
 * <ul>
 *   <li>level: window RMS, 10th percentile ("floor") and standard deviation of the block levels,
 *       loudest block over the median block, sample crest factor (all dB, dBFS for levels);</li>
 *   <li>timbre: means and variances of 13 MFCCs (40 Slaney mel bands, {@link MelFilterbank},
 *       {@link Mfcc}); spectral centroid and its spread over frames (kHz), flatness of the mel
 *       band powers (0..1), 85 % rolloff (kHz), flux (mean rise of the mel band levels between
 *       frames, dB) and the zero-crossing rate of the band-limited signal (kHz;
 *       {@link SpectralShape});</li>
 *   <li>band energies: the share of the window's power in 0-100, 100-250, 250-500, 500-1k,
 *       1k-2k, 2k-4k and 4k-8k Hz (dB) and the spectral slope from 200 Hz to 6 kHz (dB/octave);</li>
 *   <li>noise floor: the same band shares, slope, mel flatness and centroid of the mean spectrum
 *       of the quietest quarter of the frames, where speech or music over the noise pauses;</li>
 *   <li>hum: {@link HumLineStrength} of the whole window's spectrum (dB, and the lines' share of
 *       the power in dB), measured after a boxcar decimation to about 2 kHz;</li>
 *   <li>modulation: {@link ModulationSpectrum} of the block RMS in 1-2, 2-8, 8-16 and 16-31 Hz,
 *       and the modulation depth.</li>
 * </ul>
 * Levels are floored at {@value #FLOOR_DB} dB so that digital silence gives finite numbers.
 * Cost: about 30 FFTs of 1024 points and one of 2048 per second of audio. Holds FFT plans and
 * buffers for one sample rate: not thread-safe, one instance per thread.
 */
public final class NoiseFeatures {

    /** Version of the feature definitions; a model records the version it was trained on. */
    public static final int VERSION = 1;
    public static final double FRAME_SECONDS = 0.032;
    public static final double BLOCK_SECONDS = 0.016;
    public static final double TOP_HZ = 8000.0;
    public static final double FLOOR_DB = -120.0;
    /** Rate the hum spectrum is measured at, about, Hz. */
    static final double HUM_RATE = 2000.0;
    static final double QUIET_SHARE = 0.25;
    static final int MEL_BANDS = 40;
    static final int MFCCS = 13;
    static final double[] BAND_EDGES_HZ = {0, 100, 250, 500, 1000, 2000, 4000, 8000};
    static final double[] MODULATION_EDGES_HZ = {1, 2, 8, 16, 31.5};

    /** Feature names, in the order of the vector. */
    public static final List<String> NAMES = names();

    private final int sampleRate;
    private final int frameLength;
    private final int blockLength;
    private final Stft frames;
    private final int topBin;
    private final double binHz;
    private final MelFilterbank mel;
    private final Mfcc mfcc;
    private final int decimation;
    private final int longSize;
    private final Stft whole;
    private final double longBinHz;
    private final HumLineStrength hum = new HumLineStrength();
    private final ModulationSpectrum modulation = new ModulationSpectrum(MODULATION_EDGES_HZ);
    // scratch, reused for every window
    private float[][] framePower = new float[0][];
    private double[] frameEnergy;
    private final float[] meanSpectrum;
    private final float[] floorSpectrum;
    private final float[] melPower;
    private final float[] levels;
    private final float[] previousLevels;
    private final float[] coefficients;
    private final double[] mfccSum = new double[MFCCS];
    private final double[] mfccSquares = new double[MFCCS];
    private final float[] longPower;
    private final float[] longFrame;
    private final double[] modulationShares = new double[MODULATION_EDGES_HZ.length - 1];
    private float[] blockDb = new float[128];
    private float[] sortedDb = new float[128];
    private float[] envelope = new float[128];
    private Integer[] order = new Integer[0];

    /** @param sampleRate of the audio to be measured, Hz (at least 4 kHz) */
    public NoiseFeatures(int sampleRate) {
        if (sampleRate < 4000) {
            throw new IllegalArgumentException("sample rate too low for noise features: " + sampleRate);
        }
        this.sampleRate = sampleRate;
        this.frameLength = (int) Math.round(FRAME_SECONDS * sampleRate);
        this.blockLength = (int) Math.round(BLOCK_SECONDS * sampleRate);
        int size = nextPowerOfTwo(frameLength);
        this.frames = new Stft(size, frameLength, Arrays.copyOf(Window.hannPeriodic(frameLength), size));
        this.binHz = (double) sampleRate / size;
        double top = Math.min(TOP_HZ, sampleRate / 2.0);
        this.topBin = Math.min(size / 2, (int) Math.floor(top / binHz));
        this.mel = new MelFilterbank(sampleRate, size, MEL_BANDS, 0.0, top);
        this.mfcc = new Mfcc(MEL_BANDS, MFCCS);
        this.decimation = Math.max(1, (int) (sampleRate / HUM_RATE));
        int decimatedLength = sampleRate / decimation;
        this.longSize = nextPowerOfTwo(decimatedLength);
        this.whole = new Stft(longSize, longSize, Arrays.copyOf(Window.hannPeriodic(decimatedLength), longSize));
        this.longBinHz = (double) sampleRate / decimation / longSize;
        this.frameEnergy = new double[128];
        this.meanSpectrum = new float[frames.bins()];
        this.floorSpectrum = new float[frames.bins()];
        this.melPower = new float[MEL_BANDS];
        this.levels = new float[MEL_BANDS];
        this.previousLevels = new float[MEL_BANDS];
        this.coefficients = new float[MFCCS];
        this.longPower = new float[whole.bins()];
        this.longFrame = new float[longSize];
    }

    /** Number of features, {@code NAMES.size()}. */
    public static int size() {
        return NAMES.size();
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** Fewest samples a window may have: one frame. */
    public int minimumLength() {
        return frameLength;
    }

    /**
     * Features of {@code samples[from, from + count)}, one window; {@code count} should be about
     * one second of audio, at least {@link #minimumLength()}. Allocates nothing once warm.
     *
     * @param out receives {@code float[size()]}
     */
    public void extract(float[] samples, int from, int count, float[] out) {
        if (count < frameLength) {
            throw new IllegalArgumentException("window shorter than one frame: " + count + " samples");
        }
        int nFrames = count / frameLength;
        int nBlocks = count / blockLength;
        ensureCapacity(nFrames, nBlocks);
        // levels and envelope from the samples
        double squares = 0;
        float peak = 0f;
        for (int b = 0; b < nBlocks; b++) {
            double block = 0;
            for (int i = from + b * blockLength, end = i + blockLength; i < end; i++) {
                float x = samples[i];
                block += x * x;
                peak = Math.max(peak, Math.abs(x));
            }
            squares += block;
            envelope[b] = (float) Math.sqrt(block / blockLength);
            blockDb[b] = (float) db(block / blockLength);
        }
        for (int i = from + nBlocks * blockLength; i < from + count; i++) {
            squares += samples[i] * samples[i];
            peak = Math.max(peak, Math.abs(samples[i]));
        }
        double meanSquare = squares / count;
        // spectra of the frames
        Arrays.fill(mfccSum, 0.0);
        Arrays.fill(mfccSquares, 0.0);
        Arrays.fill(meanSpectrum, 0f);
        double centroid = 0;
        double centroidSq = 0;
        double flat = 0;
        double flatSq = 0;
        double rolloff = 0;
        double zcr = 0;
        double zcrSq = 0;
        double flux = 0;
        double fluxSq = 0;
        for (int t = 0; t < nFrames; t++) {
            float[] power = framePower[t];
            frames.powerFrame(samples, from + t * frameLength, power);
            double energy = 0;
            for (int k = 1; k <= topBin; k++) {
                meanSpectrum[k] += power[k];
                energy += power[k];
            }
            frameEnergy[t] = energy;
            double c = SpectralShape.centroidHz(power, topBin, binHz) / 1000.0;
            centroid += c;
            centroidSq += c * c;
            rolloff += SpectralShape.rolloffHz(power, topBin, binHz, 0.85) / 1000.0;
            double z = SpectralShape.zeroCrossingRate(power, topBin, binHz) / 1000.0;
            zcr += z;
            zcrSq += z * z;
            mel.apply(power, melPower);
            double f = melFlatness(melPower);
            flat += f;
            flatSq += f * f;
            mfcc.compute(melPower, levels, coefficients);
            for (int i = 0; i < MFCCS; i++) {
                mfccSum[i] += coefficients[i];
                mfccSquares[i] += (double) coefficients[i] * coefficients[i];
            }
            if (t > 0) {
                double rise = 0;
                for (int m = 0; m < MEL_BANDS; m++) {
                    rise += Math.max(0f, levels[m] - previousLevels[m]);
                }
                rise /= MEL_BANDS;
                flux += rise;
                fluxSq += rise * rise;
            }
            System.arraycopy(levels, 0, previousLevels, 0, MEL_BANDS);
        }
        for (int k = 1; k <= topBin; k++) {
            meanSpectrum[k] /= nFrames;
        }
        // the quietest frames: the noise floor under whatever else sounds
        for (int t = 0; t < nFrames; t++) {
            order[t] = t;
        }
        Arrays.sort(order, 0, nFrames, (a, b) -> Double.compare(frameEnergy[a], frameEnergy[b]));
        int quiet = Math.max(1, (int) Math.round(QUIET_SHARE * nFrames));
        Arrays.fill(floorSpectrum, 0f);
        for (int q = 0; q < quiet; q++) {
            float[] power = framePower[order[q]];
            for (int k = 1; k <= topBin; k++) {
                floorSpectrum[k] += power[k] / quiet;
            }
        }
        int o = 0;
        // level
        out[o++] = (float) db(meanSquare);
        float[] sorted = sortedDb;
        System.arraycopy(blockDb, 0, sorted, 0, nBlocks);
        Arrays.sort(sorted, 0, nBlocks);
        out[o++] = sorted[(int) (0.1 * (nBlocks - 1))];
        out[o++] = (float) std(sum(blockDb, nBlocks), sumSq(blockDb, nBlocks), nBlocks);
        out[o++] = sorted[nBlocks - 1] - sorted[(nBlocks - 1) / 2];
        out[o++] = (float) (meanSquare <= 1e-24 ? 0.0 : 20.0 * Math.log10(peak / Math.sqrt(meanSquare)));
        // MFCC means, then variances
        for (int i = 0; i < MFCCS; i++) {
            out[o++] = (float) (mfccSum[i] / nFrames);
        }
        for (int i = 0; i < MFCCS; i++) {
            out[o++] = (float) variance(mfccSum[i], mfccSquares[i], nFrames);
        }
        out[o++] = (float) (centroid / nFrames);
        out[o++] = (float) std(centroid, centroidSq, nFrames);
        out[o++] = (float) (flat / nFrames);
        out[o++] = (float) std(flat, flatSq, nFrames);
        out[o++] = (float) (rolloff / nFrames);
        int fluxes = Math.max(1, nFrames - 1);
        out[o++] = (float) (flux / fluxes);
        out[o++] = (float) std(flux, fluxSq, fluxes);
        out[o++] = (float) (zcr / nFrames);
        out[o++] = (float) std(zcr, zcrSq, nFrames);
        // band energies and slope of the mean spectrum, then of the floor
        o = bands(meanSpectrum, out, o);
        o = bands(floorSpectrum, out, o);
        mel.apply(floorSpectrum, melPower);
        out[o++] = (float) melFlatness(melPower);
        out[o++] = (float) (SpectralShape.centroidHz(floorSpectrum, topBin, binHz) / 1000.0);
        // hum lines, from one spectrum of the whole window after a boxcar decimation
        int decimated = Math.min(longSize, count / decimation);
        float scale = 1f / decimation;
        for (int j = 0; j < decimated; j++) {
            float acc = 0f;
            for (int i = from + j * decimation, end = i + decimation; i < end; i++) {
                acc += samples[i];
            }
            longFrame[j] = acc * scale;
        }
        Arrays.fill(longFrame, decimated, longSize, 0f);
        whole.powerFrame(longFrame, 0, longPower);
        HumLineStrength.Measure h = hum.measure(longPower, longBinHz);
        out[o++] = (float) h.strengthDb();
        out[o++] = (float) Math.max(FLOOR_DB, 10.0 * Math.log10(h.share() + 1e-12));
        // modulation of the block RMS
        double depth = modulation.analyse(envelope, nBlocks, (double) sampleRate / blockLength, modulationShares);
        for (double share : modulationShares) {
            out[o++] = (float) share;
        }
        out[o++] = (float) depth;
    }

    /** Band shares (dB) and slope of a spectrum into {@code out[o...]}; returns the next index. */
    private int bands(float[] spectrum, float[] out, int o) {
        double total = SpectralShape.bandPower(spectrum, topBin, binHz, 0, TOP_HZ + binHz);
        for (int b = 0; b + 1 < BAND_EDGES_HZ.length; b++) {
            double p = SpectralShape.bandPower(spectrum, topBin, binHz, BAND_EDGES_HZ[b], BAND_EDGES_HZ[b + 1]);
            out[o++] = (float) (total <= 1e-20 ? FLOOR_DB : Math.max(FLOOR_DB, 10.0 * Math.log10(p / total + 1e-12)));
        }
        out[o++] = (float) SpectralShape.slopeDbPerOctave(spectrum, topBin, binHz, 200.0,
                Math.min(6000.0, topBin * binHz));
        return o;
    }

    /** Flatness of the mel band powers (each band an average over its bins, so steadier than per bin). */
    private static double melFlatness(float[] melPower) {
        double sum = 0;
        double logSum = 0;
        for (float p : melPower) {
            double x = p + 1e-30;
            sum += x;
            logSum += Math.log(x);
        }
        double mean = sum / melPower.length;
        return mean <= 1e-20 ? 0.0 : Math.min(1.0, Math.exp(logSum / melPower.length) / mean);
    }

    private void ensureCapacity(int nFrames, int nBlocks) {
        if (framePower.length < nFrames) {
            float[][] grown = Arrays.copyOf(framePower, nFrames);
            for (int t = framePower.length; t < nFrames; t++) {
                grown[t] = new float[frames.bins()];
            }
            framePower = grown;
            order = new Integer[nFrames];
        }
        if (blockDb.length < nBlocks) {
            blockDb = new float[nBlocks];
            sortedDb = new float[nBlocks];
            envelope = new float[nBlocks];
        }
        if (frameEnergy.length < nFrames) {
            frameEnergy = new double[nFrames];
        }
    }

    private static int nextPowerOfTwo(int n) {
        int size = Integer.highestOneBit(n);
        return size < n ? size << 1 : size;
    }

    private static double db(double meanSquare) {
        return meanSquare <= 1e-12 ? FLOOR_DB : Math.max(FLOOR_DB, 10.0 * Math.log10(meanSquare));
    }

    private static double sum(float[] x, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[i];
        }
        return s;
    }

    private static double sumSq(float[] x, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) x[i] * x[i];
        }
        return s;
    }

    private static double variance(double sum, double squares, int n) {
        if (n < 2) {
            return 0.0;
        }
        double mean = sum / n;
        return Math.max(0.0, squares / n - mean * mean);
    }

    private static double std(double sum, double squares, int n) {
        return Math.sqrt(variance(sum, squares, n));
    }

    private static List<String> names() {
        List<String> n = new ArrayList<>();
        n.add("level_db");
        n.add("floor_db");
        n.add("level_std_db");
        n.add("peak_over_median_db");
        n.add("crest_db");
        for (int i = 0; i < MFCCS; i++) {
            n.add("mfcc_mean_" + i);
        }
        for (int i = 0; i < MFCCS; i++) {
            n.add("mfcc_var_" + i);
        }
        n.add("centroid_khz");
        n.add("centroid_std_khz");
        n.add("flatness");
        n.add("flatness_std");
        n.add("rolloff_khz");
        n.add("flux_db");
        n.add("flux_std_db");
        n.add("zcr_khz");
        n.add("zcr_std_khz");
        for (String prefix : new String[] {"band_db_", "floor_band_db_"}) {
            for (int b = 0; b + 1 < BAND_EDGES_HZ.length; b++) {
                n.add(prefix + (int) BAND_EDGES_HZ[b] + "_" + (int) BAND_EDGES_HZ[b + 1]);
            }
            n.add(prefix.replace("band_db_", "slope_db_per_octave"));
        }
        n.add("floor_flatness");
        n.add("floor_centroid_khz");
        n.add("hum_db");
        n.add("hum_share_db");
        for (int b = 0; b + 1 < MODULATION_EDGES_HZ.length; b++) {
            n.add("modulation_" + (int) MODULATION_EDGES_HZ[b] + "_" + (int) MODULATION_EDGES_HZ[b + 1] + "_hz");
        }
        n.add("modulation_depth");
        return List.copyOf(n);
    }
}
