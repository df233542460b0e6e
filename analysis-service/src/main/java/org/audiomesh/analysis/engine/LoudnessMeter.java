package org.audiomesh.analysis.engine;

import java.util.Arrays;

/**
 * Streaming loudness meter of ITU-R BS.1770-4 with the gating of EBU R 128 and the loudness range
 * of EBU Tech 3342, fed the original channels at the original sample rate.
 *
 * <ul>
 *   <li>K-weighting: the Recommendation's two biquads (high-shelf pre-filter and RLB high-pass),
 *       derived for the actual sample rate with the formulas libebur128 uses, so that 44.1 kHz
 *       input gives the response the Recommendation tabulates for 48 kHz.</li>
 *   <li>Channel weights: 1.0, except the surround channels of a 5-channel (L R C Ls Rs, 1.41) or
 *       6-channel file (L R C LFE Ls Rs: LFE 0, Ls and Rs 1.41).</li>
 *   <li>Every 100 ms the last 400 ms (momentary) and the last 3 s (short-term) give one block
 *       power each; their lists grow by 16 bytes per second of audio, a few hundred kilobytes
 *       for an hour, and nothing else grows.</li>
 *   <li>Integrated loudness: blocks of 400 ms at or above -70 LUFS, then at or above 10 LU below
 *       their mean power. Loudness range: short-term blocks at or above -70 LUFS and 20 LU below
 *       their mean power; the 95th minus the 10th percentile (the value of rank round(p * n)), as
 *       ffmpeg's {@code ebur128} filter counts it.</li>
 *   <li>True peak: {@link TruePeakMeter}.</li>
 * </ul>
 *
 * <p>Not thread-safe: one meter per stream.
 */
public final class LoudnessMeter implements SampleListener {

    static final double ABSOLUTE_GATE_LUFS = -70.0;
    static final double INTEGRATED_RELATIVE_GATE_LU = -10.0;
    static final double RANGE_RELATIVE_GATE_LU = -20.0;
    private static final int MOMENTARY_SUBBLOCKS = 4;
    private static final int SHORT_TERM_SUBBLOCKS = 30;
    /** Filter state below this is flushed to zero: denormal arithmetic is very slow on x86. */
    private static final double DENORMAL = 1e-30;

    private final int channels;
    private final int subBlockLength;
    private final double[] channelWeights;
    /** K-weighting coefficients: pre-filter b0 b1 b2 a1 a2, then RLB filter b0 b1 b2 a1 a2. */
    private final double[] k;
    /** Per channel: x1 x2 y1 y2 of the pre-filter, then x1 x2 y1 y2 of the RLB filter. */
    private final double[] state;
    private final double[] channelEnergy;
    private int subBlockFill;
    /** Weighted energies of the last SHORT_TERM_SUBBLOCKS sub-blocks, a ring. */
    private final double[] recent = new double[SHORT_TERM_SUBBLOCKS];
    private long subBlocks;
    private final DoubleSeries momentary = new DoubleSeries();
    private final DoubleSeries shortTerm = new DoubleSeries();
    private final TruePeakMeter peaks;

    /**
     * @param sampleRate sample rate of the stream, Hz
     * @param channels   interleaved channels of the stream
     */
    public LoudnessMeter(int sampleRate, int channels) {
        if (sampleRate <= 0 || channels <= 0) {
            throw new IllegalArgumentException("need a positive sample rate and channel count");
        }
        this.channels = channels;
        this.subBlockLength = Math.max(1, (int) Math.round(sampleRate / 10.0));
        this.channelWeights = channelWeights(channels);
        this.k = kWeighting(sampleRate);
        this.state = new double[8 * channels];
        this.channelEnergy = new double[channels];
        this.peaks = new TruePeakMeter(channels);
    }

    @Override
    public void samples(float[] interleaved, int frames) {
        peaks.samples(interleaved, frames);
        int pos = 0;
        while (pos < frames) {
            int n = Math.min(frames - pos, subBlockLength - subBlockFill);
            if (channels == 2) {
                filterStereo(interleaved, pos, n);
            } else {
                for (int c = 0; c < channels; c++) {
                    if (channelWeights[c] != 0) {
                        channelEnergy[c] += filter(interleaved, pos, n, c);
                    }
                }
            }
            pos += n;
            subBlockFill += n;
            if (subBlockFill == subBlockLength) {
                closeSubBlock();
            }
        }
    }

    /** The loudness of everything received so far (the stream is taken to end here). */
    public Loudness result() {
        double sample = peaks.samplePeak();
        double truePeak = peaks.truePeak();
        return new Loudness(integrated(momentary.values(), momentary.size()),
                loudnessRange(shortTerm.values(), shortTerm.size()),
                truePeak > 0 ? 20.0 * Math.log10(truePeak) : null,
                sample > 0 ? 20.0 * Math.log10(sample) : null);
    }

    /** K-weights {@code n} frames of channel {@code c} from frame {@code from}; returns the sum of squares. */
    private double filter(float[] x, int from, int n, int c) {
        double pb0 = k[0];
        double pb1 = k[1];
        double pb2 = k[2];
        double pa1 = k[3];
        double pa2 = k[4];
        double rb0 = k[5];
        double rb1 = k[6];
        double rb2 = k[7];
        double ra1 = k[8];
        double ra2 = k[9];
        int s = 8 * c;
        double x1 = state[s];
        double x2 = state[s + 1];
        double y1 = state[s + 2];
        double y2 = state[s + 3];
        double z1 = state[s + 4];
        double z2 = state[s + 5];
        double w1 = state[s + 6];
        double w2 = state[s + 7];
        double sum = 0;
        for (int i = 0, j = from * channels + c; i < n; i++, j += channels) {
            double x0 = x[j];
            double y0 = pb0 * x0 + pb1 * x1 + pb2 * x2 - pa1 * y1 - pa2 * y2;
            x2 = x1;
            x1 = x0;
            y2 = y1;
            y1 = y0;
            double w0 = rb0 * y0 + rb1 * z1 + rb2 * z2 - ra1 * w1 - ra2 * w2;
            z2 = z1;
            z1 = y0;
            w2 = w1;
            w1 = w0;
            sum += w0 * w0;
        }
        state[s] = flush(x1);
        state[s + 1] = flush(x2);
        state[s + 2] = flush(y1);
        state[s + 3] = flush(y2);
        state[s + 4] = flush(z1);
        state[s + 5] = flush(z2);
        state[s + 6] = flush(w1);
        state[s + 7] = flush(w2);
        return sum;
    }

    /**
     * {@link #filter} for both channels of a stereo stream in one loop: the two recursions are
     * independent, so the processor overlaps them (about twice as fast as one after the other).
     */
    private void filterStereo(float[] x, int from, int n) {
        double pb0 = k[0];
        double pb1 = k[1];
        double pb2 = k[2];
        double pa1 = k[3];
        double pa2 = k[4];
        double ra1 = k[8];
        double ra2 = k[9];
        double lx1 = state[0];
        double lx2 = state[1];
        double ly1 = state[2];
        double ly2 = state[3];
        double lz1 = state[4];
        double lz2 = state[5];
        double lw1 = state[6];
        double lw2 = state[7];
        double rx1 = state[8];
        double rx2 = state[9];
        double ry1 = state[10];
        double ry2 = state[11];
        double rz1 = state[12];
        double rz2 = state[13];
        double rw1 = state[14];
        double rw2 = state[15];
        double left = 0;
        double right = 0;
        for (int i = 0, j = 2 * from; i < n; i++, j += 2) {
            double lx0 = x[j];
            double rx0 = x[j + 1];
            double ly0 = pb0 * lx0 + pb1 * lx1 + pb2 * lx2 - pa1 * ly1 - pa2 * ly2;
            double ry0 = pb0 * rx0 + pb1 * rx1 + pb2 * rx2 - pa1 * ry1 - pa2 * ry2;
            lx2 = lx1;
            lx1 = lx0;
            rx2 = rx1;
            rx1 = rx0;
            ly2 = ly1;
            ly1 = ly0;
            ry2 = ry1;
            ry1 = ry0;
            // RLB high-pass: b = (1, -2, 1)
            double lw0 = ly0 - 2.0 * lz1 + lz2 - ra1 * lw1 - ra2 * lw2;
            double rw0 = ry0 - 2.0 * rz1 + rz2 - ra1 * rw1 - ra2 * rw2;
            lz2 = lz1;
            lz1 = ly0;
            rz2 = rz1;
            rz1 = ry0;
            lw2 = lw1;
            lw1 = lw0;
            rw2 = rw1;
            rw1 = rw0;
            left += lw0 * lw0;
            right += rw0 * rw0;
        }
        double[] saved = {lx1, lx2, ly1, ly2, lz1, lz2, lw1, lw2, rx1, rx2, ry1, ry2, rz1, rz2, rw1, rw2};
        for (int i = 0; i < saved.length; i++) {
            state[i] = flush(saved[i]);
        }
        channelEnergy[0] += left;
        channelEnergy[1] += right;
    }

    private static double flush(double v) {
        return Math.abs(v) < DENORMAL ? 0.0 : v;
    }

    private void closeSubBlock() {
        double energy = 0;
        for (int c = 0; c < channels; c++) {
            energy += channelWeights[c] * channelEnergy[c];
            channelEnergy[c] = 0;
        }
        recent[(int) (subBlocks % SHORT_TERM_SUBBLOCKS)] = energy;
        subBlocks++;
        subBlockFill = 0;
        if (subBlocks >= MOMENTARY_SUBBLOCKS) {
            momentary.add(meanPower(MOMENTARY_SUBBLOCKS));
        }
        if (subBlocks >= SHORT_TERM_SUBBLOCKS) {
            shortTerm.add(meanPower(SHORT_TERM_SUBBLOCKS));
        }
    }

    /** Weighted mean square of the last {@code count} sub-blocks. */
    private double meanPower(int count) {
        double sum = 0;
        for (int i = 1; i <= count; i++) {
            sum += recent[(int) ((subBlocks - i) % SHORT_TERM_SUBBLOCKS)];
        }
        return sum / ((double) count * subBlockLength);
    }

    static double lufs(double power) {
        return -0.691 + 10.0 * Math.log10(power);
    }

    /** Mean power of the blocks above the absolute gate (−70 LUFS); NaN when none is. */
    private static double absoluteGatedMean(double[] powers, int n) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (powers[i] > 0 && lufs(powers[i]) >= ABSOLUTE_GATE_LUFS) {
                sum += powers[i];
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Gated integrated loudness of 400 ms block powers, LUFS; null when no block passes. */
    static Double integrated(double[] powers, int n) {
        double mean = absoluteGatedMean(powers, n);
        if (Double.isNaN(mean)) {
            return null;
        }
        double gate = lufs(mean) + INTEGRATED_RELATIVE_GATE_LU;
        double kept = 0;
        int keptCount = 0;
        for (int i = 0; i < n; i++) {
            if (powers[i] > 0) {
                double l = lufs(powers[i]);
                if (l >= ABSOLUTE_GATE_LUFS && l >= gate) {
                    kept += powers[i];
                    keptCount++;
                }
            }
        }
        return keptCount == 0 ? null : lufs(kept / keptCount);
    }

    /** EBU Tech 3342 loudness range of 3 s block powers, LU. */
    static double loudnessRange(double[] powers, int n) {
        double mean = absoluteGatedMean(powers, n);
        if (Double.isNaN(mean)) {
            return 0.0;
        }
        double gate = lufs(mean) + RANGE_RELATIVE_GATE_LU;
        double[] kept = new double[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (powers[i] > 0) {
                double l = lufs(powers[i]);
                if (l >= ABSOLUTE_GATE_LUFS && l >= gate) {
                    kept[m++] = l;
                }
            }
        }
        if (m == 0) {
            return 0.0;
        }
        Arrays.sort(kept, 0, m);
        double low = kept[Math.max(0, (int) Math.round(0.10 * m) - 1)];
        double high = kept[Math.max(0, (int) Math.round(0.95 * m) - 1)];
        return high - low;
    }

    /** BS.1770-4 channel weights by channel count (see the class comment). */
    static double[] channelWeights(int channels) {
        double[] w = new double[channels];
        Arrays.fill(w, 1.0);
        if (channels == 5) {
            w[3] = 1.41;
            w[4] = 1.41;
        } else if (channels == 6) {
            w[3] = 0.0;
            w[4] = 1.41;
            w[5] = 1.41;
        }
        return w;
    }

    /**
     * The two K-weighting biquads for {@code sampleRate}, as libebur128 derives them from the
     * analogue prototypes (high shelf +4 dB at 1682 Hz; high-pass at 38 Hz): pre-filter
     * b0 b1 b2 a1 a2, then RLB filter b0 b1 b2 a1 a2 (a0 = 1).
     */
    static double[] kWeighting(double sampleRate) {
        double f0 = 1681.974450955533;
        double gain = 3.999843853973347;
        double q = 0.7071752369554196;
        double kk = Math.tan(Math.PI * f0 / sampleRate);
        double vh = Math.pow(10.0, gain / 20.0);
        double vb = Math.pow(vh, 0.4996667741545416);
        double a0 = 1.0 + kk / q + kk * kk;
        double[] out = new double[10];
        out[0] = (vh + vb * kk / q + kk * kk) / a0;
        out[1] = 2.0 * (kk * kk - vh) / a0;
        out[2] = (vh - vb * kk / q + kk * kk) / a0;
        out[3] = 2.0 * (kk * kk - 1.0) / a0;
        out[4] = (1.0 - kk / q + kk * kk) / a0;

        f0 = 38.13547087602444;
        q = 0.5003270373238773;
        kk = Math.tan(Math.PI * f0 / sampleRate);
        double a0r = 1.0 + kk / q + kk * kk;
        out[5] = 1.0;
        out[6] = -2.0;
        out[7] = 1.0;
        out[8] = 2.0 * (kk * kk - 1.0) / a0r;
        out[9] = (1.0 - kk / q + kk * kk) / a0r;
        return out;
    }

    /** Growable primitive double array. */
    private static final class DoubleSeries {
        private double[] values = new double[256];
        private int size;

        void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        double[] values() {
            return values;
        }
    }
}
