package org.audiomesh.common.audio;

/**
 * Band-limited sample-rate converter for any rational ratio: a Kaiser-windowed sinc evaluated
 * from a polyphase table that is computed once per instance.
 *
 * <p>The design has no delay: output frame {@code k} is the band-limited input evaluated at
 * time {@code k / outRate} seconds, so input and output line up sample for sample in time and
 * {@code n} input frames become exactly {@code ceil(n * outRate / inRate)} output frames once
 * {@link #flush} has been called. The signal is taken as zero before its first and after its
 * last frame.
 *
 * <p>Filter: cutoff at 0.45 of the lower of the two rates (0.9 of its Nyquist frequency),
 * passband flat to 0.40 of that rate, stopband from 0.50 of it with about 90 dB attenuation.
 * Streaming: input may arrive in chunks of any size; the output does not depend on how the
 * input was chunked. Samples are interleaved by frame. Not thread-safe; one instance per
 * stream.
 */
public final class Resampler {
    /** Stopband attenuation the Kaiser window is designed for (dB). */
    public static final double STOPBAND_DB = 90.0;
    /** Cutoff as a fraction of the lower of the two sample rates. */
    public static final double CUTOFF = 0.45;
    /** Transition band width as a fraction of the lower of the two sample rates. */
    private static final double TRANSITION = 0.10;
    /** Above this many phases the table is sampled more coarsely and interpolated linearly. */
    private static final int MAX_PHASES = 4096;

    private final int inRate;
    private final int outRate;
    private final int channels;
    /** Output step per frame is up/down input frames (ratio reduced by the gcd). */
    private final int up;
    private final int down;
    /** Taps before and including the "current" input frame are halfWidth; as many after. */
    private final int halfWidth;
    private final int taps;
    private final int phases;
    /** phases + 1 rows of {@code taps} coefficients; row r is for fractional offset r/phases. */
    private final float[] table;

    /** Planar input history; {@code history[c][i]} is input frame {@code historyStart + i}. */
    private float[][] history;
    private long historyStart;
    private int historyLength;
    /** Input frames received so far. */
    private long inputFrames;
    /** Next output frame: index, and its position in the input as base + phase/up. */
    private long nextOutput;
    private long base;
    private int phase;
    private boolean flushed;

    /**
     * @param inRate   input sample rate (Hz)
     * @param outRate  output sample rate (Hz)
     * @param channels interleaved channels per frame
     */
    public Resampler(int inRate, int outRate, int channels) {
        if (inRate <= 0 || outRate <= 0 || channels <= 0) {
            throw new IllegalArgumentException("invalid resampler: " + inRate + " -> " + outRate + " Hz, "
                    + channels + " channels");
        }
        this.inRate = inRate;
        this.outRate = outRate;
        this.channels = channels;
        int g = gcd(inRate, outRate);
        this.up = outRate / g;
        this.down = inRate / g;
        double scale = Math.min(1.0, (double) up / down); // lower rate / input rate
        double length = (STOPBAND_DB - 7.95) / (2.285 * 2 * Math.PI * TRANSITION); // in lower-rate samples
        int hw = (int) Math.ceil(length / 2 / scale);
        this.halfWidth = hw + (hw & 1); // even, so taps is a multiple of 4
        this.taps = 2 * halfWidth;
        this.phases = Math.min(up, MAX_PHASES);
        this.table = up == down ? new float[0] : buildTable(CUTOFF * scale, halfWidth, phases, kaiserBeta(STOPBAND_DB));
        reset();
    }

    public int inRate() {
        return inRate;
    }

    public int outRate() {
        return outRate;
    }

    public int channels() {
        return channels;
    }

    /** Output frames that {@code inputFrames} input frames become in total (after flush). */
    public long outputFrames(long inputFrames) {
        return ceilDiv(inputFrames * up, down);
    }

    /**
     * Upper bound of the frames one {@link #process(float[], int, float[])} call with
     * {@code inputFrames} frames, or one {@link #flush(float[])}, writes.
     */
    public int maxOutputFrames(int inputFrames) {
        return (int) Math.min(Integer.MAX_VALUE, ceilDiv((long) (inputFrames + halfWidth + 1) * up, down) + 1);
    }

    /** Forgets all input, ready for a new stream. */
    public void reset() {
        int capacity = Math.max(4096, 2 * taps);
        history = new float[channels][capacity];
        historyStart = -(halfWidth - 1); // frames before 0 are silence
        historyLength = halfWidth - 1;
        inputFrames = 0;
        nextOutput = 0;
        base = 0;
        phase = 0;
        flushed = false;
    }

    /**
     * Consumes {@code frames} interleaved input frames and writes the output frames that are
     * now complete.
     *
     * @param out interleaved, at least {@link #maxOutputFrames(int) maxOutputFrames(frames)} *
     *            channels long
     * @return output frames written
     */
    public int process(float[] in, int frames, float[] out) {
        if (flushed) {
            throw new IllegalStateException("resampler was flushed; call reset() first");
        }
        if (up == down) {
            System.arraycopy(in, 0, out, 0, frames * channels);
            inputFrames += frames;
            return frames;
        }
        append(in, frames);
        inputFrames += frames;
        return produce(out, Long.MAX_VALUE);
    }

    /** As {@link #process(float[], int, float[])}, returning a new array of the output. */
    public float[] process(float[] in, int frames) {
        float[] out = new float[maxOutputFrames(frames) * channels];
        int n = process(in, frames, out);
        return java.util.Arrays.copyOf(out, n * channels);
    }

    /**
     * Ends the stream: writes the remaining output frames, computed as if silence followed the
     * last input frame.
     *
     * @return output frames written
     */
    public int flush(float[] out) {
        if (flushed) {
            return 0;
        }
        flushed = true;
        if (up == down) {
            return 0;
        }
        float[] zeros = new float[(halfWidth + 1) * channels];
        append(zeros, halfWidth + 1);
        return produce(out, outputFrames(inputFrames));
    }

    /** As {@link #flush(float[])}, returning a new array of the output. */
    public float[] flush() {
        float[] out = new float[maxOutputFrames(0) * channels];
        int n = flush(out);
        return java.util.Arrays.copyOf(out, n * channels);
    }

    /** Resamples a whole interleaved signal in one go. */
    public static float[] resample(float[] in, int channels, int inRate, int outRate) {
        Resampler r = new Resampler(inRate, outRate, channels);
        int frames = in.length / channels;
        float[] out = new float[(int) r.outputFrames(frames) * channels];
        float[] tmp = new float[Math.max(r.maxOutputFrames(frames), r.maxOutputFrames(0)) * channels];
        int n = r.process(in, frames, tmp);
        System.arraycopy(tmp, 0, out, 0, n * channels);
        int m = r.flush(tmp);
        System.arraycopy(tmp, 0, out, n * channels, m * channels);
        return out;
    }

    /** Resamples a whole planar buffer, channel by channel. */
    public static AudioBuffer resample(AudioBuffer audio, int outRate) {
        if (audio.sampleRate() == outRate) {
            return audio;
        }
        float[][] out = new float[audio.channels()][];
        for (int c = 0; c < out.length; c++) {
            out[c] = resample(audio.samples()[c], 1, audio.sampleRate(), outRate);
        }
        return new AudioBuffer(outRate, out);
    }

    // ---------------------------------------------------------------------------------------

    private void append(float[] in, int frames) {
        if (historyLength + frames > history[0].length) {
            int capacity = Math.max(historyLength + frames, 2 * history[0].length);
            for (int c = 0; c < channels; c++) {
                history[c] = java.util.Arrays.copyOf(history[c], capacity);
            }
        }
        for (int c = 0; c < channels; c++) {
            float[] h = history[c];
            for (int i = 0, j = c, k = historyLength; i < frames; i++, j += channels, k++) {
                h[k] = in[j];
            }
        }
        historyLength += frames;
    }

    /** Computes outputs while their last tap is in the history and their index is below limit. */
    private int produce(float[] out, long limit) {
        long available = historyStart + historyLength; // first frame not yet received
        int written = 0;
        while (nextOutput < limit && base + halfWidth < available) {
            int start = (int) (base - (halfWidth - 1) - historyStart);
            int o = written * channels;
            if (phases == up) {
                int row = phase * taps;
                for (int c = 0; c < channels; c++) {
                    out[o + c] = dot(table, row, history[c], start, taps);
                }
            } else {
                long scaled = (long) phase * phases;
                int r = (int) (scaled / up);
                float frac = (float) (scaled - (long) r * up) / up;
                int row0 = r * taps;
                int row1 = row0 + taps;
                for (int c = 0; c < channels; c++) {
                    float a = dot(table, row0, history[c], start, taps);
                    float b = dot(table, row1, history[c], start, taps);
                    out[o + c] = a + frac * (b - a);
                }
            }
            written++;
            nextOutput++;
            phase += down;
            if (phase >= up) {
                base += phase / up;
                phase %= up;
            }
        }
        discardBefore(base - (halfWidth - 1));
        return written;
    }

    private void discardBefore(long frame) {
        int drop = (int) Math.min(historyLength, Math.max(0, frame - historyStart));
        if (drop == 0) {
            return;
        }
        for (int c = 0; c < channels; c++) {
            System.arraycopy(history[c], drop, history[c], 0, historyLength - drop);
        }
        historyStart += drop;
        historyLength -= drop;
    }

    /** Four partial sums: independent dependency chains, and a summation order fixed by len. */
    private static float dot(float[] a, int aOff, float[] x, int xOff, int len) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        for (int i = 0; i < len; i += 4) {
            s0 += a[aOff + i] * x[xOff + i];
            s1 += a[aOff + i + 1] * x[xOff + i + 1];
            s2 += a[aOff + i + 2] * x[xOff + i + 2];
            s3 += a[aOff + i + 3] * x[xOff + i + 3];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Row r holds the weights of input frames {@code base - halfWidth + 1 .. base + halfWidth}
     * for an output at {@code base + r / phases}; each row is normalised to unit DC gain.
     *
     * @param cutoff cycles per input sample
     */
    private static float[] buildTable(double cutoff, int halfWidth, int phases, double beta) {
        int taps = 2 * halfWidth;
        float[] table = new float[(phases + 1) * taps];
        double i0Beta = besselI0(beta);
        double[] row = new double[taps];
        for (int r = 0; r <= phases; r++) {
            double frac = (double) r / phases;
            double sum = 0;
            for (int i = 0; i < taps; i++) {
                double x = frac + (halfWidth - 1) - i; // distance from input frame to output time
                double u = x / halfWidth;
                double w = Math.abs(u) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - u * u)) / i0Beta;
                double arg = 2 * cutoff * x;
                double sinc = arg == 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
                row[i] = 2 * cutoff * sinc * w;
                sum += row[i];
            }
            for (int i = 0; i < taps; i++) {
                table[r * taps + i] = (float) (row[i] / sum);
            }
        }
        return table;
    }

    private static double kaiserBeta(double attenuationDb) {
        if (attenuationDb > 50) {
            return 0.1102 * (attenuationDb - 8.7);
        }
        if (attenuationDb >= 21) {
            return 0.5842 * Math.pow(attenuationDb - 21, 0.4) + 0.07886 * (attenuationDb - 21);
        }
        return 0;
    }

    /** Modified Bessel function of the first kind, order 0 (power series). */
    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
