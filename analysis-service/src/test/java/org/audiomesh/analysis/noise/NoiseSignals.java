package org.audiomesh.analysis.noise;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.audiomesh.common.audio.AudioBuffer;
import org.audiomesh.common.audio.SampleEncoding;
import org.audiomesh.common.audio.WavWriter;
import org.jtransforms.fft.DoubleFFT_1D;

/** Background noises generated from a seed, by the recipes of tools/noise-classifier/synth.py. */
public final class NoiseSignals {

    private NoiseSignals() {
    }

    /** Noise with power spectrum ~ f^-exponent (0 white, 1 pink, 2 brown), unit RMS. */
    static float[] coloured(Random rng, int n, int rate, double exponent) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextGaussian();
        }
        DoubleFFT_1D fft = new DoubleFFT_1D(n);
        fft.realForward(a);
        a[0] = 0;
        if (n % 2 == 0) {
            a[1] *= Math.pow(rate / 2.0, -exponent / 2);
        }
        for (int k = 1; k < (n + 1) / 2; k++) {
            double g = Math.pow((double) k * rate / n, -exponent / 2);
            a[2 * k] *= g;
            a[2 * k + 1] *= g;
        }
        fft.realInverse(a, true);
        return unitRms(a);
    }

    /** Mains hum: 50 or 60 Hz and seven harmonics over a faint noise floor, unit RMS. */
    static float[] hum(Random rng, int n, int rate) {
        double f0 = (rng.nextBoolean() ? 50.0 : 60.0) + (rng.nextDouble() - 0.5) * 0.6;
        double[] y = new double[n];
        boolean buzz = rng.nextDouble() < 0.4;
        for (int h = 1; h <= 8; h++) {
            double amp = (0.2 + 0.8 * rng.nextDouble()) / (buzz ? Math.sqrt(h) : h) * (buzz && h % 2 == 0 ? 0.3 : 1);
            double phase = rng.nextDouble() * 2 * Math.PI;
            for (int i = 0; i < n; i++) {
                y[i] += amp * Math.sin(2 * Math.PI * f0 * h * i / rate + phase);
            }
        }
        float[] lines = unitRms(y);
        float[] floor = coloured(rng, n, rate, rng.nextInt(3));
        float g = (float) Math.pow(10, (-50 + 25 * rng.nextDouble()) / 20);
        for (int i = 0; i < n; i++) {
            lines[i] += g * floor[i];
        }
        return lines;
    }

    /** Clicks, decaying noise bursts and knocks, 1 to 10 a second, over a faint noise floor. */
    static float[] impulsive(Random rng, int n, int rate) {
        float[] y = coloured(rng, n, rate, rng.nextInt(3));
        float g = (float) Math.pow(10, (-55 + 20 * rng.nextDouble()) / 20);
        for (int i = 0; i < n; i++) {
            y[i] *= g;
        }
        int events = (int) ((1 + 9 * rng.nextDouble()) * n / rate);
        for (int e = 0; e < events; e++) {
            int at = rng.nextInt(n - rate / 5);
            double kind = rng.nextDouble();
            if (kind < 0.4) {
                int length = 1 + rng.nextInt(Math.max(1, rate / 2000));
                float v = (float) ((rng.nextBoolean() ? 1 : -1) * (0.3 + 0.7 * rng.nextDouble()));
                for (int i = 0; i < length; i++) {
                    y[at + i] += v;
                }
            } else if (kind < 0.8) {
                int length = (int) ((0.005 + 0.115 * rng.nextDouble()) * rate);
                double amp = 0.1 + 0.7 * rng.nextDouble();
                for (int i = 0; i < length; i++) {
                    y[at + i] += (float) (amp * Math.exp(-i / (length / 4.0)) * rng.nextGaussian());
                }
            } else {
                int length = (int) (0.08 * rate);
                double amp = 0.2 + 0.7 * rng.nextDouble();
                double f = 80 + 520 * rng.nextDouble();
                for (int i = 0; i < length; i++) {
                    double t = (double) i / rate;
                    y[at + i] += (float) (amp * Math.exp(-t * 60) * Math.sin(2 * Math.PI * f * t));
                }
            }
        }
        return y;
    }

    static float[] sine(double hz, double amplitude, int n, int rate) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return y;
    }

    /** The signal scaled to an RMS level, dBFS (in place), and returned. */
    static float[] atLevel(float[] x, double dbfs) {
        double sq = 0;
        for (float v : x) {
            sq += v * v;
        }
        double g = Math.pow(10, dbfs / 20) / Math.sqrt(sq / x.length + 1e-30);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (x[i] * g);
        }
        return x;
    }

    /** One clip of a class the generator knows: white, pink, brown, hum, impulsive, silence. */
    static float[] clip(String noiseClass, Random rng, int n, int rate) {
        return switch (noiseClass) {
            case "white" -> atLevel(coloured(rng, n, rate, -0.1 + 0.2 * rng.nextDouble()), level(rng));
            case "pink" -> atLevel(coloured(rng, n, rate, 0.8 + 0.4 * rng.nextDouble()), level(rng));
            case "brown" -> atLevel(coloured(rng, n, rate, 1.8 + 0.4 * rng.nextDouble()), level(rng));
            case "hum" -> atLevel(hum(rng, n, rate), level(rng));
            case "impulsive" -> atLevel(impulsive(rng, n, rate), level(rng));
            case "silence" -> atLevel(coloured(rng, n, rate, rng.nextInt(3)), -100 + 30 * rng.nextDouble());
            default -> throw new IllegalArgumentException(noiseClass);
        };
    }

    static void write(Path file, float[] x, int rate) throws IOException {
        WavWriter.write(file, new AudioBuffer(rate, new float[][] {x}), SampleEncoding.FLOAT32);
    }

    private static double level(Random rng) {
        return -42 + 30 * rng.nextDouble();
    }

    private static float[] unitRms(double[] y) {
        double sq = 0;
        for (double v : y) {
            sq += v * v;
        }
        double g = 1 / Math.sqrt(sq / y.length + 1e-30);
        float[] out = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = (float) (y[i] * g);
        }
        return out;
    }
}
