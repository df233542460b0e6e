package org.audiomesh.enhancement.dsp;

import java.util.List;

/**
 * Removes mains hum from one channel: a cascade of second-order IIR notches (RBJ audio EQ
 * cookbook) at the given harmonics of the fundamental, each {@value #BANDWIDTH_HZ} Hz wide at
 * -3 dB, so speech loses only a few hertz around each line. State in double precision: notches
 * this narrow at low frequencies are poorly conditioned in float.
 */
public final class HumFilter {
    static final double BANDWIDTH_HZ = 4.0;

    private final int sections;
    private final double[] b0;
    private final double[] b1;
    private final double[] b2;
    private final double[] a1;
    private final double[] a2;
    private final double[] z1;
    private final double[] z2;

    /** One filter per channel for {@code hum}, or null when no hum was found. */
    public static HumFilter[] perChannel(HumDetector.Hum hum, int sampleRate, int channels) {
        if (!hum.present()) {
            return null;
        }
        HumFilter[] filters = new HumFilter[channels];
        for (int c = 0; c < channels; c++) {
            filters[c] = new HumFilter(sampleRate, hum.fundamentalHz(), hum.harmonics());
        }
        return filters;
    }

    /**
     * @param sampleRate    Hz
     * @param fundamentalHz Hz
     * @param harmonics     harmonic numbers to notch (1 = fundamental)
     */
    public HumFilter(int sampleRate, double fundamentalHz, List<Integer> harmonics) {
        this.sections = harmonics.size();
        b0 = new double[sections];
        b1 = new double[sections];
        b2 = new double[sections];
        a1 = new double[sections];
        a2 = new double[sections];
        z1 = new double[sections];
        z2 = new double[sections];
        for (int i = 0; i < sections; i++) {
            double f = harmonics.get(i) * fundamentalHz;
            double w0 = 2 * Math.PI * f / sampleRate;
            double q = f / BANDWIDTH_HZ;
            double alpha = Math.sin(w0) / (2 * q);
            double a0 = 1 + alpha;
            b0[i] = 1 / a0;
            b1[i] = -2 * Math.cos(w0) / a0;
            b2[i] = 1 / a0;
            a1[i] = -2 * Math.cos(w0) / a0;
            a2[i] = (1 - alpha) / a0;
        }
    }

    /** Filters {@code n} samples of {@code x} from {@code offset} in place. */
    public void process(float[] x, int offset, int n) {
        for (int s = 0; s < sections; s++) {
            double cb0 = b0[s];
            double cb1 = b1[s];
            double cb2 = b2[s];
            double ca1 = a1[s];
            double ca2 = a2[s];
            double s1 = z1[s];
            double s2 = z2[s];
            for (int i = offset, end = offset + n; i < end; i++) {
                double in = x[i];
                double out = cb0 * in + s1; // transposed direct form II
                s1 = cb1 * in - ca1 * out + s2;
                s2 = cb2 * in - ca2 * out;
                x[i] = (float) out;
            }
            z1[s] = s1;
            z2[s] = s2;
        }
    }
}
