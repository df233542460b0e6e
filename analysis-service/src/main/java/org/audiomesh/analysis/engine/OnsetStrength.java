package org.audiomesh.analysis.engine;

import java.io.IOException;
import java.util.Arrays;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.dsp.MelFilterbank;
import org.audiomesh.common.worker.ProgressListener;

/**
 * Streaming onset-strength envelope in the style of librosa's {@code onset.onset_strength}
 * (Ellis 2007, Böck and Widmer 2013): each magnitude frame goes through a 128-band Slaney mel
 * filterbank (0 Hz to {@value #MAX_HZ} Hz, so 22.05 kHz and 44.1 kHz inputs see the same bands),
 * is converted to dB relative to full-scale white noise (which reads 0 dB in every band, whatever
 * the sample rate and frame size) and floored at {@value #FLOOR_DB} dB, and the positive
 * differences to the previous frame are averaged over the bands. A fixed floor, unlike one that
 * follows the loudest frame so far, treats the first onset of a recording like every other.
 *
 * <p>Feed it frames from a {@link SpectrogramReader} ({@link #frame(float[])}), then call
 * {@link #finish()}. Memory grows with the number of frames only (a few floats per frame).
 * Not thread-safe.
 */
public final class OnsetStrength implements OnsetFunction {

    /** Mel bands, as librosa's default. */
    public static final int MEL_BANDS = 128;
    /** Upper edge of the highest mel band, Hz. */
    public static final double MAX_HZ = 11_025.0;
    /** Bands centred below this frequency form the low band (kick drum, bass), Hz. */
    public static final double LOW_BAND_HZ = 200.0;
    /** Band levels below this are treated as silence, dB relative to full-scale white noise. */
    public static final double FLOOR_DB = -80.0;
    /** Window of the local mean taken out of {@link OnsetEnvelope#strength()}, seconds. */
    public static final double LOCAL_MEAN_SECONDS = 1.5;

    private final double frameRate;
    private final int latencyFrames;
    private final MelFilterbank mel;
    private final int lowBands;
    private final float[] power;
    private final float[] melPower;
    /** Mel power of full-scale white noise in any band: |X|^2 = 3N/8 per bin, N/sampleRate bins per Hz. */
    private final double referencePower;
    private final float[] previousDb;
    private boolean hasPrevious;
    private final FloatSeries flux = new FloatSeries();
    private final FloatSeries lowFlux = new FloatSeries();
    private final FloatSeries energy = new FloatSeries();

    /**
     * @param sampleRate sample rate of the analysed audio, Hz
     * @param frameSize  FFT length of the incoming frames, samples
     * @param hop        hop between frames, samples
     */
    public OnsetStrength(double sampleRate, int frameSize, int hop) {
        this.frameRate = sampleRate / hop;
        // A frame's flux jumps once an onset reaches the rising half of its window, about a
        // quarter frame before the frame's centre does; delaying the envelope by that much puts
        // flux peaks on the onsets (measured on clicks and rendered drums: within 15 ms).
        this.latencyFrames = (int) Math.round(frameSize / (4.0 * hop));
        this.mel = new MelFilterbank(sampleRate, frameSize, MEL_BANDS, 0.0,
                Math.min(MAX_HZ, sampleRate / 2.0));
        int low = 0;
        while (low < MEL_BANDS && mel.centreHz(low) < LOW_BAND_HZ) {
            low++;
        }
        this.lowBands = Math.max(1, low);
        this.power = new float[frameSize / 2 + 1];
        this.melPower = new float[MEL_BANDS];
        this.previousDb = new float[MEL_BANDS];
        this.referencePower = 3.0 * frameSize * (double) frameSize / (8.0 * sampleRate);
    }

    /**
     * Onset envelope of a whole mono source in one streaming pass.
     *
     * @param progress fraction of the source read, 0..1
     */
    public static OnsetEnvelope of(AudioSource source, ProgressListener progress) throws IOException {
        SpectrogramReader reader = new SpectrogramReader(source.format().sampleRate());
        OnsetStrength onsets = new OnsetStrength(reader.sampleRate(), reader.frameSize(), reader.hop());
        reader.read(source, progress, onsets);
        return onsets.finish();
    }

    @Override
    public void frame(float[] magnitude) {
        int bins = power.length;
        for (int k = 0; k < bins; k++) {
            power[k] = magnitude[k] * magnitude[k];
        }
        mel.apply(power, melPower);
        double total = 0;
        float sum = 0f;
        float lowSum = 0f;
        float floor = (float) FLOOR_DB;
        for (int m = 0; m < MEL_BANDS; m++) {
            double relative = melPower[m] / referencePower;
            total += relative;
            float db = relative > 0 ? Math.max(floor, (float) (10.0 * Math.log10(relative))) : floor;
            if (hasPrevious) {
                float rise = db - previousDb[m];
                if (rise > 0f) {
                    sum += rise;
                    if (m < lowBands) {
                        lowSum += rise;
                    }
                }
            }
            previousDb[m] = db;
        }
        flux.add(sum / MEL_BANDS);
        lowFlux.add(lowSum / lowBands);
        energy.add((float) (total / MEL_BANDS));
        hasPrevious = true;
    }

    /** The envelopes of all frames received. */
    @Override
    public OnsetEnvelope finish() {
        float[] f = delayed(flux.toArray(), latencyFrames);
        float[] low = delayed(lowFlux.toArray(), latencyFrames);
        int window = Math.max(3, (int) Math.round(LOCAL_MEAN_SECONDS * frameRate) | 1);
        return new OnsetEnvelope(frameRate, f, minusLocalMean(f, window), low, energy.toArray());
    }

    /**
     * Onset times by peak picking, with librosa's {@code onset_detect} defaults: the envelope is
     * scaled to 0..1; a frame is an onset when it is the maximum within 30 ms before and one
     * frame after, exceeds the mean of the 100 ms around it by 0.07, and comes at least 30 ms
     * after the previous onset.
     *
     * @return onset times in seconds, ascending
     */
    public static double[] onsets(OnsetEnvelope envelope) {
        float[] x = envelope.flux();
        double rate = envelope.frameRate();
        int n = x.length;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : x) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (n == 0 || !(max - min > 1e-6f)) {
            return new double[0];
        }
        float range = max - min;
        int preMax = Math.max(1, (int) (0.03 * rate));
        int postMax = 1;
        int preAvg = Math.max(1, (int) (0.10 * rate));
        int postAvg = Math.max(1, (int) (0.10 * rate)) + 1;
        int wait = Math.max(1, (int) (0.03 * rate));
        double delta = 0.07;
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + (x[i] - min) / range;
        }
        double[] times = new double[16];
        int count = 0;
        int last = -wait - 1;
        for (int t = 0; t < n; t++) {
            float v = x[t];
            if (t - last <= wait) {
                continue;
            }
            boolean isMax = true;
            for (int j = Math.max(0, t - preMax); j <= Math.min(n - 1, t + postMax) && isMax; j++) {
                if (j < t ? x[j] > v : j > t && x[j] >= v) {
                    isMax = false;
                }
            }
            if (!isMax) {
                continue;
            }
            int a = Math.max(0, t - preAvg);
            int b = Math.min(n, t + postAvg);
            double mean = (prefix[b] - prefix[a]) / (b - a);
            if ((v - min) / range >= mean + delta) {
                if (count == times.length) {
                    times = Arrays.copyOf(times, count * 2);
                }
                times[count++] = t / rate;
                last = t;
            }
        }
        return Arrays.copyOf(times, count);
    }

    private static float[] delayed(float[] x, int frames) {
        float[] out = new float[x.length];
        if (frames < x.length) {
            System.arraycopy(x, 0, out, frames, x.length - frames);
        }
        return out;
    }

    /** {@code x} minus its centred moving average over {@code window} frames (shrunk at the ends). */
    static float[] minusLocalMean(float[] x, int window) {
        int n = x.length;
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + x[i];
        }
        int half = window / 2;
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            int a = Math.max(0, i - half);
            int b = Math.min(n, i + half + 1);
            out[i] = (float) (x[i] - (prefix[b] - prefix[a]) / (b - a));
        }
        return out;
    }

    /** Growable primitive float array, so that per-frame values are never boxed. */
    static final class FloatSeries {
        private float[] values = new float[1024];
        private int size;

        void add(float v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
