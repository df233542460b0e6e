package org.audiomesh.common.audio;

import java.lang.management.ManagementFactory;

/** Test signals with a known answer, and the measures the tests compare them with. */
final class Signals {
    private Signals() {
    }

    /** {@code amplitude * sin(2 pi f t + phase)} sampled at {@code rate} Hz. */
    static float[] sine(int rate, double frequency, int frames, double amplitude) {
        float[] x = new float[frames];
        for (int i = 0; i < frames; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * frequency * i / rate));
        }
        return x;
    }

    /** Interleaves planar channels. */
    static float[] interleave(float[]... channels) {
        int n = channels[0].length;
        float[] out = new float[n * channels.length];
        for (int c = 0; c < channels.length; c++) {
            for (int i = 0; i < n; i++) {
                out[i * channels.length + c] = channels[c][i];
            }
        }
        return out;
    }

    /** Channel {@code c} of an interleaved signal. */
    static float[] channel(float[] interleaved, int channels, int c) {
        float[] out = new float[interleaved.length / channels];
        for (int i = 0; i < out.length; i++) {
            out[i] = interleaved[i * channels + c];
        }
        return out;
    }

    static double rms(float[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) x[i] * x[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    /** RMS of {@code actual - expected} relative to the RMS of {@code expected}, in dB. */
    static double relativeErrorDb(float[] actual, float[] expected, int from, int to) {
        double err = 0;
        double ref = 0;
        for (int i = from; i < to; i++) {
            double d = actual[i] - expected[i];
            err += d * d;
            ref += (double) expected[i] * expected[i];
        }
        return 10 * Math.log10(err / ref);
    }

    static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }

    /**
     * Frequency (Hz) from the mean spacing of upward zero crossings, each located by linear
     * interpolation between the samples around it.
     */
    static double zeroCrossingFrequency(float[] x, int rate, int from, int to) {
        double first = -1;
        double last = -1;
        int count = 0;
        for (int i = from + 1; i < to; i++) {
            if (x[i - 1] < 0 && x[i] >= 0) {
                double t = i - 1 + x[i - 1] / (double) (x[i - 1] - x[i]);
                if (first < 0) {
                    first = t;
                } else {
                    count++;
                }
                last = t;
            }
        }
        return count * (double) rate / (last - first);
    }

    /** Bytes this thread has allocated so far (HotSpot's per-thread counter; not GC-dependent). */
    static long allocatedBytes() {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return bean.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
