package org.audiomesh.enhancement;

import java.util.Random;

/** Signals with a known answer for the enhancement tests, and the measures to score them. */
public final class TestSignals {
    private TestSignals() {
    }

    /**
     * A speech-like test signal: syllables of 180 ms (harmonic tone, 12 harmonics with a falling
     * spectral envelope, fundamental gliding between 110 and 220 Hz, raised-cosine envelope)
     * separated by 90 ms pauses, after a {@code leadInSeconds} silence. Unlike a steady sine it is
     * not stationary, so a noise tracker must not take it for noise.
     */
    public static float[] speechLike(int rate, double seconds, double leadInSeconds, long seed) {
        Random rnd = new Random(seed);
        int n = (int) Math.round(seconds * rate);
        float[] x = new float[n];
        int pos = (int) Math.round(leadInSeconds * rate);
        int syllable = (int) (0.18 * rate);
        int pause = (int) (0.09 * rate);
        while (pos + syllable < n) {
            double f0a = 110 + 110 * rnd.nextDouble();
            double f0b = 110 + 110 * rnd.nextDouble();
            double phase = 0;
            for (int i = 0; i < syllable; i++) {
                double t = (double) i / syllable;
                double f0 = f0a + (f0b - f0a) * t;
                phase += 2 * Math.PI * f0 / rate;
                double env = 0.5 - 0.5 * Math.cos(2 * Math.PI * t);
                double s = 0;
                for (int h = 1; h <= 12 && h * f0 < rate / 2.0; h++) {
                    s += Math.sin(h * phase) / h;
                }
                x[pos + i] = (float) (0.3 * env * s);
            }
            pos += syllable + pause;
        }
        return x;
    }

    public static float[] white(int n, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }

    /** Pink (1/f power) noise by Paul Kellet's refined filter of white noise. */
    public static float[] pink(int n, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[n];
        double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
        for (int i = 0; i < n; i++) {
            double w = rnd.nextGaussian();
            b0 = 0.99886 * b0 + w * 0.0555179;
            b1 = 0.99332 * b1 + w * 0.0750759;
            b2 = 0.96900 * b2 + w * 0.1538520;
            b3 = 0.86650 * b3 + w * 0.3104856;
            b4 = 0.55000 * b4 + w * 0.5329522;
            b5 = -0.7616 * b5 - w * 0.0168980;
            x[i] = (float) (b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362);
            b6 = w * 0.115926;
        }
        return x;
    }

    /** Mains hum: {@code f0} and its harmonics up to 11, odd ones stronger. */
    public static float[] hum(int n, int rate, double f0) {
        float[] x = new float[n];
        for (int h = 1; h <= 11; h++) {
            double amp = (h == 1 ? 1.0 : 0.6 / h) * (h % 2 == 1 ? 1.6 : 1.0);
            for (int i = 0; i < n; i++) {
                x[i] += (float) (amp * Math.sin(2 * Math.PI * h * f0 * i / rate + h));
            }
        }
        return x;
    }

    /** {@code clean + g * noise} with g chosen for the given SNR (dB) over the whole signal. */
    public static float[] mix(float[] clean, float[] noise, double snrDb) {
        double g = Math.sqrt(energy(clean) / (energy(noise) * Math.pow(10, snrDb / 10)));
        float[] y = new float[clean.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (clean[i] + g * noise[i]);
        }
        return y;
    }

    public static double energy(float[] x) {
        double e = 0;
        for (float v : x) {
            e += (double) v * v;
        }
        return e;
    }

    /** Scale-invariant SDR of {@code estimate} against {@code reference} (dB), both made zero-mean. */
    public static double siSdr(float[] estimate, float[] reference) {
        int n = Math.min(estimate.length, reference.length);
        double me = 0;
        double mr = 0;
        for (int i = 0; i < n; i++) {
            me += estimate[i];
            mr += reference[i];
        }
        me /= n;
        mr /= n;
        double dot = 0;
        double rr = 0;
        for (int i = 0; i < n; i++) {
            dot += (estimate[i] - me) * (reference[i] - mr);
            rr += (reference[i] - mr) * (reference[i] - mr);
        }
        double alpha = dot / rr;
        double target = 0;
        double residual = 0;
        for (int i = 0; i < n; i++) {
            double t = alpha * (reference[i] - mr);
            double e = (estimate[i] - me) - t;
            target += t * t;
            residual += e * e;
        }
        return 10 * Math.log10(target / residual);
    }

    /** Power (mean square) of {@code x} at one frequency, by correlation with a sine and cosine. */
    public static double tonePower(float[] x, int from, int to, int rate, double hz) {
        double re = 0;
        double im = 0;
        for (int i = from; i < to; i++) {
            double a = 2 * Math.PI * hz * i / rate;
            re += x[i] * Math.cos(a);
            im += x[i] * Math.sin(a);
        }
        int n = to - from;
        return 2 * (re * re + im * im) / ((double) n * n);
    }
}
