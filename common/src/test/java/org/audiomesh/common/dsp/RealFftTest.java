package org.audiomesh.common.dsp;

import org.jtransforms.fft.FloatFFT_1D;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RealFftTest {
    /** Lengths through every path: own radices 2, 3, 4, 5 (even and odd halves), powers of two, other primes. */
    private static final int[] LENGTHS = {2, 4, 6, 10, 12, 18, 30, 50, 64, 400, 480, 512, 640, 750, 1000, 1920, 14, 22};

    @Test
    void forwardMatchesJTransformsAndADirectDft() {
        Random rnd = new Random(1);
        for (int n : LENGTHS) {
            float[] x = gaussian(n, rnd);
            float[] ours = x.clone();
            new RealFft(n).forward(ours);
            float[] theirs = x.clone();
            new FloatFFT_1D(n).realForward(theirs);
            float tolerance = 2e-5f * (float) Math.sqrt(n) * n / 8 + 1e-5f;
            assertArrayEquals(theirs, ours, tolerance, "n = " + n);
            // and against the definition, in double precision
            for (int k : new int[] {0, 1, n / 3, n / 2 - 1}) {
                if (k <= 0 || k >= n / 2) {
                    continue;
                }
                double re = 0;
                double im = 0;
                for (int j = 0; j < n; j++) {
                    re += x[j] * Math.cos(2 * Math.PI * j * k / n);
                    im -= x[j] * Math.sin(2 * Math.PI * j * k / n);
                }
                assertEquals(re, ours[2 * k], 1e-3 * Math.sqrt(n), "Re X[" + k + "], n = " + n);
                assertEquals(im, ours[2 * k + 1], 1e-3 * Math.sqrt(n), "Im X[" + k + "], n = " + n);
            }
        }
    }

    @Test
    void inverseUndoesForwardAndMatchesJTransforms() {
        Random rnd = new Random(2);
        for (int n : LENGTHS) {
            float[] x = gaussian(n, rnd);
            RealFft fft = new RealFft(n);
            float[] a = x.clone();
            fft.forward(a);
            float[] theirs = a.clone();
            new FloatFFT_1D(n).realInverse(theirs, true);
            fft.inverse(a);
            assertArrayEquals(x, a, 1e-4f, "round trip, n = " + n);
            assertArrayEquals(theirs, a, 1e-4f, "inverse against JTransforms, n = " + n);
        }
    }

    @Test
    void mixedRadixLengthsAllocateNothingPerCall() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!(threads instanceof com.sun.management.ThreadMXBean bean) || !bean.isThreadAllocatedMemorySupported()) {
            throw new AssertionError("this JVM cannot count allocated bytes per thread");
        }
        RealFft fft = new RealFft(640);
        float[] a = new float[640];
        for (int i = 0; i < 200; i++) { // warm up
            fft.forward(a);
            fft.inverse(a);
        }
        long id = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(id);
        for (int i = 0; i < 10_000; i++) {
            fft.forward(a);
            fft.inverse(a);
        }
        long allocated = bean.getThreadAllocatedBytes(id) - before;
        // JTransforms' mixed-radix path takes 2 x 2.5 KB per pair of calls: 50 MB over this loop
        assertTrue(allocated < 100_000, allocated + " bytes allocated by 20000 transforms of 640 points");
    }

    @Test
    void factorsIntoRadicesFourFirstOrSaysItCannot() {
        assertArrayEquals(new int[] {4, 4, 4, 5}, RealFft.factor(320));
        assertArrayEquals(new int[] {4, 4, 4, 3, 5}, RealFft.factor(960));
        assertArrayEquals(new int[] {4, 2, 3}, RealFft.factor(24));
        assertNull(RealFft.factor(7));
        assertNull(RealFft.factor(1));
        assertThrows(IllegalArgumentException.class, () -> new RealFft(9));
        assertThrows(IllegalArgumentException.class, () -> new RealFft(0));
    }

    private static float[] gaussian(int n, Random rnd) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }
}
