package org.audiomesh.separation.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.audiomesh.common.audio.AudioFormat;
import org.audiomesh.common.audio.AudioSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.IntToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java side of {@code tools/separation-reference/make_reference.py}: its test input, its
 * known elementwise "models" and its fixtures in {@code src/test/resources/reference/}. Keep the
 * formulas here and in the script in step.
 */
final class ReferenceModel {
    static final int RATE = 44100;

    /** Time-branch gains {@code W[source][channel]}, sources drums, bass, other, vocals. */
    static final double[][] HTDEMUCS_W = {{0.5, 0.5}, {0, 0}, {0.25, 0}, {0, 0.3}};
    /** Spectral-branch gains {@code A[source][plane]} (planes: left re, left im, right re, right im). */
    static final double[][] HTDEMUCS_A = {{0.5, 0.5, 0.5, 0.5}, {1, 1, 1, 1}, {1, 0.5, 0, 0}, {0, 0, 1, 1}};
    /** MDX gains per plane. */
    static final double[] MDX_A = {1.0, 0.5, 0.8, 0.3};

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReferenceModel() {
    }

    static double htdemucsBinGain(int source, int bin, int bins) {
        if (source == 1) {
            return Math.max(0, Math.min(1, (128.0 - bin) / 64.0));
        }
        return source == 2 ? bin / (double) (bins - 1) : 1;
    }

    static double htdemucsFrameGain(int source, int frame, int frames) {
        return source == 3 ? 0.5 + frame / (double) frames : 1;
    }

    static double mdxBinGain(int bin, int dimF) {
        return 1.0 - 0.5 * bin / dimF;
    }

    static double mdxFrameGain(int frame, int dimT) {
        return 0.75 + 0.5 * frame / dimT;
    }

    /** The script's test input, {@code float[2][frames]}: LCG noise plus tones. */
    static float[][] signal(int frames, int seed) {
        int state = seed;
        double[] noise = new double[2 * frames];
        for (int k = 0; k < noise.length; k++) {
            state = 1664525 * state + 1013904223; // mod 2^32 by int overflow
            noise[k] = (state >>> 8) / 16777216.0 * 2.0 - 1.0;
        }
        float[][] x = new float[2][frames];
        for (int c = 0; c < 2; c++) {
            for (int n = 0; n < frames; n++) {
                double t = n / (double) RATE;
                double swell = 0.6 + 0.4 * Math.sin(2 * Math.PI * 0.7 * t + c);
                x[c][n] = (float) (0.25 * noise[2 * n + c]
                        + 0.3 * swell * Math.sin(2 * Math.PI * (220.0 + 110.0 * c) * t)
                        + 0.2 * Math.sin(2 * Math.PI * 55.0 * t + 0.5 * c)
                        + 0.1 * Math.sin(2 * Math.PI * 3010.5 * t) * (c == 0 ? 1.0 : -0.5));
            }
        }
        return x;
    }

    /** The input described by a fixture's {@code input} entry, checked against its sums. */
    static float[][] signal(JsonNode input) {
        float[][] x = signal(input.get("frames").asInt(), input.get("seed").asInt());
        double sum = 0;
        double squares = 0;
        for (float[] channel : x) {
            for (float v : channel) {
                sum += v;
                squares += (double) v * v;
            }
        }
        assertEquals(input.get("sum").asDouble(), sum, 1e-6, "the test input differs from the script's");
        assertEquals(input.get("sum_squares").asDouble(), squares, 1e-6, "the test input differs from the script's");
        return x;
    }

    /** Stereo 44.1 kHz source over planar samples, read in odd-sized blocks. */
    static AudioSource source(float[][] x) {
        return new AudioSource() {
            private int position;

            @Override
            public AudioFormat format() {
                return new AudioFormat(RATE, 2, x[0].length);
            }

            @Override
            public int read(float[] dst, int maxFrames) {
                if (position >= x[0].length) {
                    return -1;
                }
                int n = Math.min(Math.min(maxFrames, 2999), x[0].length - position);
                for (int i = 0; i < n; i++) {
                    dst[2 * i] = x[0][position + i];
                    dst[2 * i + 1] = x[1][position + i];
                }
                position += n;
                return n;
            }

            @Override
            public void close() {
            }
        };
    }

    static JsonNode fixture(String name) {
        try (InputStream in = ReferenceModel.class.getResourceAsStream("/reference/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture /reference/" + name
                        + " (regenerate: /usr/bin/python3 tools/separation-reference/make_reference.py)");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compares a tensor with a fixture entry: the stored values (every {@code step}-th of the
     * flattened tensor) and the peak within {@code tolerance} absolute, and the sum, the sum of
     * absolute values and the sum of squares over all of it within 1e-6 relative (the sum
     * relative to the sum of absolute values).
     *
     * @param actual the tensor, row-major flat index to value
     * @return the largest absolute difference at the stored values
     */
    static double assertMatches(JsonNode entry, IntToDoubleFunction actual, double tolerance, String what) {
        long size = 1;
        for (JsonNode d : entry.get("shape")) {
            size *= d.asLong();
        }
        int step = entry.get("step").asInt();
        JsonNode values = entry.get("values");
        assertEquals((size + step - 1) / step, values.size(), what + ": stored values");
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < values.size(); i++) {
            double e = Math.abs(actual.applyAsDouble(i * step) - values.get(i).asDouble());
            if (!(e <= worst)) {
                worst = e;
                worstAt = i * step;
            }
        }
        double sum = 0;
        double sumAbs = 0;
        double squares = 0;
        double peak = 0;
        for (int i = 0; i < size; i++) {
            double v = actual.applyAsDouble(i);
            sum += v;
            sumAbs += Math.abs(v);
            squares += v * v;
            peak = Math.max(peak, Math.abs(v));
        }
        double refPeak = entry.get("max_abs").asDouble();
        System.out.printf("%s: max |error| %.3g at %d of %d stored values (peak %.4g); sum %.9g vs %.9g, "
                        + "sum|x| %.9g vs %.9g, sum x^2 %.9g vs %.9g%n", what, worst, worstAt, values.size(), refPeak,
                sum, entry.get("sum").asDouble(), sumAbs, entry.get("sum_abs").asDouble(),
                squares, entry.get("sum_squares").asDouble());
        assertTrue(worst <= tolerance, what + ": off the reference by " + worst + " at flat index " + worstAt
                + " (tolerance " + tolerance + ")");
        // over every value, not only the stored ones: float rounding averages out in these sums
        double sumAbsRef = entry.get("sum_abs").asDouble();
        assertEquals(refPeak, peak, tolerance, what + ": peak");
        assertEquals(entry.get("sum").asDouble(), sum, 1e-6 * sumAbsRef, what + ": sum");
        assertEquals(sumAbsRef, sumAbs, 1e-6 * sumAbsRef, what + ": sum of |x|");
        assertEquals(entry.get("sum_squares").asDouble(), squares, 1e-6 * entry.get("sum_squares").asDouble(),
                what + ": sum of squares");
        return worst;
    }
}
