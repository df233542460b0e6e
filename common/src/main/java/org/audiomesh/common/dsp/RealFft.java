package org.audiomesh.common.dsp;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * Real FFT of one even length {@code n}, in place, in JTransforms' packed layout
 * ({@code a[0] = Re X0}, {@code a[1] = Re X(n/2)}, {@code a[2k], a[2k+1] = X[k]} for
 * {@code 0 < k < n/2}) and with its sign convention ({@code X[k] = sum x[j] e^{-2 pi i jk/n}}).
 *
 * <p>Why not JTransforms for every length: its mixed-radix real transforms allocate a work array
 * on every call, and a streaming STFT calls them a hundred times a second per channel, which fills
 * the heap with garbage (the enhancement engine's 40 ms frames, 640 and 1920 samples, are not
 * powers of two). Here powers of two still go to JTransforms (allocation-free for them); an even
 * length whose half factors into 2, 3 and 5 goes through a complex FFT of half the length
 * (Stockham autosort, radix 4, 2, 3 and 5, twiddles computed once) and the usual split of a real
 * sequence into even and odd samples; any other length falls back to JTransforms. Apart from the
 * constructor nothing allocates.
 *
 * <p>Holds its plan and two work buffers: not thread-safe, one instance per thread.
 */
public final class RealFft {
    private final int n;
    private final int half;
    private final FloatFFT_1D fallback;
    private final int[] radices;
    private final int[] twiddleOffset;
    private final float[] twiddleRe;
    private final float[] twiddleIm;
    /** {@code cos, sin} of {@code 2 pi k / n}, {@code k = 0 .. n/2}. */
    private final float[] splitCos;
    private final float[] splitSin;
    private final float[] bufferA;
    private final float[] bufferB;

    /** @param n transform length, even, at least 2 */
    public RealFft(int n) {
        if (n < 2 || n % 2 != 0) {
            throw new IllegalArgumentException("real FFT length must be even and at least 2: " + n);
        }
        this.n = n;
        this.half = n / 2;
        int[] factors = (n & (n - 1)) == 0 ? null : factor(half);
        if (factors == null) {
            this.fallback = new FloatFFT_1D(n);
            this.radices = null;
            this.twiddleOffset = null;
            this.twiddleRe = null;
            this.twiddleIm = null;
            this.splitCos = null;
            this.splitSin = null;
            this.bufferA = null;
            this.bufferB = null;
            return;
        }
        this.fallback = null;
        this.radices = factors;
        this.twiddleOffset = new int[factors.length + 1];
        int size = 0;
        int length = half;
        for (int s = 0; s < factors.length; s++) {
            twiddleOffset[s] = size;
            size += length; // (length / r) * r twiddles
            length /= factors[s];
        }
        twiddleOffset[factors.length] = size;
        this.twiddleRe = new float[size];
        this.twiddleIm = new float[size];
        length = half;
        for (int s = 0; s < factors.length; s++) {
            int r = factors[s];
            int m = length / r;
            for (int p = 0; p < m; p++) {
                for (int u = 0; u < r; u++) {
                    double angle = -2 * Math.PI * ((long) p * u % length) / length;
                    twiddleRe[twiddleOffset[s] + p * r + u] = (float) Math.cos(angle);
                    twiddleIm[twiddleOffset[s] + p * r + u] = (float) Math.sin(angle);
                }
            }
            length = m;
        }
        this.splitCos = new float[half + 1];
        this.splitSin = new float[half + 1];
        for (int k = 0; k <= half; k++) {
            splitCos[k] = (float) Math.cos(2 * Math.PI * k / n);
            splitSin[k] = (float) Math.sin(2 * Math.PI * k / n);
        }
        this.bufferA = new float[n];
        this.bufferB = new float[n];
    }

    /** Radices (4 first, then 2, 3, 5) whose product is {@code m}, or null if another prime divides it. */
    static int[] factor(int m) {
        int[] out = new int[32];
        int count = 0;
        int rest = m;
        for (int r : new int[] {4, 2, 3, 5}) {
            while (rest % r == 0 && rest > 1) {
                out[count++] = r;
                rest /= r;
            }
        }
        return rest == 1 && count > 0 ? java.util.Arrays.copyOf(out, count) : null;
    }

    /** Transform length. */
    public int size() {
        return n;
    }

    /** Forward transform of {@code a[0..n)} in place, into the packed layout. */
    public void forward(float[] a) {
        if (fallback != null) {
            fallback.realForward(a);
            return;
        }
        // the real sequence read as half as many complex values: z[k] = x[2k] + i x[2k+1]
        System.arraycopy(a, 0, bufferA, 0, n);
        float[] z = complexForward(bufferA, bufferB);
        for (int k = 0; k <= half / 2; k++) {
            int j = (half - k) % half; // partner bin of the split, Z[half] = Z[0]
            float zr = z[2 * (k % half)];
            float zi = z[2 * (k % half) + 1];
            float cr = z[2 * j];
            float ci = -z[2 * j + 1];
            // even part (Z[k] + conj Z[half-k]) / 2, odd part (Z[k] - conj Z[half-k]) / 2i
            float er = 0.5f * (zr + cr);
            float ei = 0.5f * (zi + ci);
            float or = 0.5f * (zi - ci);
            float oi = -0.5f * (zr - cr);
            // X[k] = E + e^{-2 pi i k/n} O, and X[half-k] = conj(E) + e^{-2 pi i (half-k)/n} conj(O)
            float c = splitCos[k];
            float s = splitSin[k];
            float xr = er + c * or + s * oi;
            float xi = ei + c * oi - s * or;
            float c2 = splitCos[half - k];
            float s2 = splitSin[half - k];
            float yr = er + c2 * or - s2 * oi;
            float yi = -ei - c2 * oi - s2 * or;
            if (k == 0) {
                a[0] = xr;
                a[1] = yr; // X[half]
            } else if (2 * k == half) {
                a[2 * k] = xr;
                a[2 * k + 1] = xi;
            } else {
                a[2 * k] = xr;
                a[2 * k + 1] = xi;
                a[2 * (half - k)] = yr;
                a[2 * (half - k) + 1] = yi;
            }
        }
    }

    /**
     * Inverse transform of a packed spectrum in place, scaled by {@code 1/n} (so that
     * {@code inverse(forward(x)) = x}), as JTransforms' {@code realInverse(a, true)}.
     */
    public void inverse(float[] a) {
        if (fallback != null) {
            fallback.realInverse(a, true);
            return;
        }
        // Z[k] = E[k] + i O[k], E = (X[k] + conj X[half-k]) / 2, O = (X[k] - conj X[half-k]) e^{2 pi i k/n} / 2;
        // conjugated on the way in and out, so that the forward complex FFT inverts
        for (int k = 0; k < half; k++) {
            float xr;
            float xi;
            if (k == 0) {
                xr = a[0];
                xi = 0;
            } else {
                xr = a[2 * k];
                xi = a[2 * k + 1];
            }
            int j = half - k;
            float cr;
            float ci;
            if (j == half) {
                cr = a[1];
                ci = 0;
            } else {
                cr = a[2 * j];
                ci = -a[2 * j + 1];
            }
            float er = 0.5f * (xr + cr);
            float ei = 0.5f * (xi + ci);
            float dr = 0.5f * (xr - cr);
            float di = 0.5f * (xi - ci);
            float c = splitCos[k];
            float s = splitSin[k];
            float or = dr * c - di * s;
            float oi = dr * s + di * c;
            bufferA[2 * k] = er - oi;
            bufferA[2 * k + 1] = -(ei + or);
        }
        float[] z = complexForward(bufferA, bufferB);
        float scale = 1f / half;
        for (int k = 0; k < half; k++) {
            a[2 * k] = z[2 * k] * scale;
            a[2 * k + 1] = -z[2 * k + 1] * scale;
        }
    }

    /**
     * Complex forward FFT of {@code half} interleaved values in {@code x}, with {@code y} as the
     * other buffer; returns the buffer that holds the result (natural order).
     */
    private float[] complexForward(float[] x, float[] y) {
        int length = half;
        int stride = 1;
        for (int s = 0; s < radices.length; s++) {
            int r = radices[s];
            int m = length / r;
            int tw = twiddleOffset[s];
            switch (r) {
                case 4 -> radix4(x, y, m, stride, tw);
                case 2 -> radix2(x, y, m, stride, tw);
                case 3 -> radix3(x, y, m, stride, tw);
                default -> radix5(x, y, m, stride, tw);
            }
            float[] t = x;
            x = y;
            y = t;
            length = m;
            stride *= r;
        }
        return x;
    }

    private void radix2(float[] x, float[] y, int m, int stride, int tw) {
        for (int p = 0; p < m; p++) {
            float wr = twiddleRe[tw + 2 * p + 1];
            float wi = twiddleIm[tw + 2 * p + 1];
            for (int q = 0; q < stride; q++) {
                int i0 = 2 * (q + stride * p);
                int i1 = 2 * (q + stride * (p + m));
                float ar = x[i0];
                float ai = x[i0 + 1];
                float br = x[i1];
                float bi = x[i1 + 1];
                int o = 2 * (q + stride * 2 * p);
                y[o] = ar + br;
                y[o + 1] = ai + bi;
                float dr = ar - br;
                float di = ai - bi;
                int o1 = o + 2 * stride;
                rotate(y, o1, dr, di, wr, wi);
            }
        }
    }

    private void radix4(float[] x, float[] y, int m, int stride, int tw) {
        int step = 2 * stride * m;
        int os = 2 * stride;
        for (int p = 0; p < m; p++) {
            int t = tw + 4 * p;
            float w1r = twiddleRe[t + 1];
            float w1i = twiddleIm[t + 1];
            float w2r = twiddleRe[t + 2];
            float w2i = twiddleIm[t + 2];
            float w3r = twiddleRe[t + 3];
            float w3i = twiddleIm[t + 3];
            for (int q = 0; q < stride; q++) {
                int i0 = 2 * (q + stride * p);
                float a0r = x[i0];
                float a0i = x[i0 + 1];
                float a1r = x[i0 + step];
                float a1i = x[i0 + step + 1];
                float a2r = x[i0 + 2 * step];
                float a2i = x[i0 + 2 * step + 1];
                float a3r = x[i0 + 3 * step];
                float a3i = x[i0 + 3 * step + 1];
                float s02r = a0r + a2r;
                float s02i = a0i + a2i;
                float d02r = a0r - a2r;
                float d02i = a0i - a2i;
                float s13r = a1r + a3r;
                float s13i = a1i + a3i;
                float d13r = a1r - a3r;
                float d13i = a1i - a3i;
                // b1 = d02 - i d13, b3 = d02 + i d13
                float b1r = d02r + d13i;
                float b1i = d02i - d13r;
                float b2r = s02r - s13r;
                float b2i = s02i - s13i;
                float b3r = d02r - d13i;
                float b3i = d02i + d13r;
                int o = 2 * (q + stride * 4 * p);
                y[o] = s02r + s13r;
                y[o + 1] = s02i + s13i;
                rotate(y, o + os, b1r, b1i, w1r, w1i);
                rotate(y, o + 2 * os, b2r, b2i, w2r, w2i);
                rotate(y, o + 3 * os, b3r, b3i, w3r, w3i);
            }
        }
    }

    private static final float SIN_60 = 0.8660254f;
    private static final float COS_72 = 0.30901699f;
    private static final float COS_144 = -0.80901699f;
    private static final float SIN_72 = 0.95105652f;
    private static final float SIN_144 = 0.58778525f;

    private void radix3(float[] x, float[] y, int m, int stride, int tw) {
        int step = 2 * stride * m;
        int os = 2 * stride;
        for (int p = 0; p < m; p++) {
            int t = tw + 3 * p;
            float w1r = twiddleRe[t + 1];
            float w1i = twiddleIm[t + 1];
            float w2r = twiddleRe[t + 2];
            float w2i = twiddleIm[t + 2];
            for (int q = 0; q < stride; q++) {
                int i0 = 2 * (q + stride * p);
                float a0r = x[i0];
                float a0i = x[i0 + 1];
                float a1r = x[i0 + step];
                float a1i = x[i0 + step + 1];
                float a2r = x[i0 + 2 * step];
                float a2i = x[i0 + 2 * step + 1];
                float sr = a1r + a2r;
                float si = a1i + a2i;
                float mr = a0r - 0.5f * sr;
                float mi = a0i - 0.5f * si;
                float nr = SIN_60 * (a1r - a2r);
                float ni = SIN_60 * (a1i - a2i);
                float b1r = mr + ni; // m - i n
                float b1i = mi - nr;
                float b2r = mr - ni; // m + i n
                float b2i = mi + nr;
                int o = 2 * (q + stride * 3 * p);
                y[o] = a0r + sr;
                y[o + 1] = a0i + si;
                rotate(y, o + os, b1r, b1i, w1r, w1i);
                rotate(y, o + 2 * os, b2r, b2i, w2r, w2i);
            }
        }
    }

    private void radix5(float[] x, float[] y, int m, int stride, int tw) {
        int step = 2 * stride * m;
        int os = 2 * stride;
        for (int p = 0; p < m; p++) {
            int t = tw + 5 * p;
            for (int q = 0; q < stride; q++) {
                int i0 = 2 * (q + stride * p);
                float a0r = x[i0];
                float a0i = x[i0 + 1];
                float a1r = x[i0 + step];
                float a1i = x[i0 + step + 1];
                float a2r = x[i0 + 2 * step];
                float a2i = x[i0 + 2 * step + 1];
                float a3r = x[i0 + 3 * step];
                float a3i = x[i0 + 3 * step + 1];
                float a4r = x[i0 + 4 * step];
                float a4i = x[i0 + 4 * step + 1];
                float t1r = a1r + a4r;
                float t1i = a1i + a4i;
                float t2r = a2r + a3r;
                float t2i = a2i + a3i;
                float t3r = a1r - a4r;
                float t3i = a1i - a4i;
                float t4r = a2r - a3r;
                float t4i = a2i - a3i;
                float m1r = a0r + COS_72 * t1r + COS_144 * t2r;
                float m1i = a0i + COS_72 * t1i + COS_144 * t2i;
                float m2r = a0r + COS_144 * t1r + COS_72 * t2r;
                float m2i = a0i + COS_144 * t1i + COS_72 * t2i;
                float n1r = SIN_72 * t3r + SIN_144 * t4r;
                float n1i = SIN_72 * t3i + SIN_144 * t4i;
                float n2r = SIN_144 * t3r - SIN_72 * t4r;
                float n2i = SIN_144 * t3i - SIN_72 * t4i;
                int o = 2 * (q + stride * 5 * p);
                y[o] = a0r + t1r + t2r;
                y[o + 1] = a0i + t1i + t2i;
                rotate(y, o + os, m1r + n1i, m1i - n1r, twiddleRe[t + 1], twiddleIm[t + 1]); // b1 = m1 - i n1
                rotate(y, o + 2 * os, m2r + n2i, m2i - n2r, twiddleRe[t + 2], twiddleIm[t + 2]); // b2 = m2 - i n2
                rotate(y, o + 3 * os, m2r - n2i, m2i + n2r, twiddleRe[t + 3], twiddleIm[t + 3]); // b3 = m2 + i n2
                rotate(y, o + 4 * os, m1r - n1i, m1i + n1r, twiddleRe[t + 4], twiddleIm[t + 4]); // b4 = m1 + i n1
            }
        }
    }

    /** Stores {@code (re + i im)(wr + i wi)} at {@code y[o], y[o + 1]}. */
    private static void rotate(float[] y, int o, float re, float im, float wr, float wi) {
        y[o] = re * wr - im * wi;
        y[o + 1] = re * wi + im * wr;
    }
}
