package org.audiomesh.enhancement.dsp;

/**
 * Exponential and natural log for the per-bin gain arithmetic, several times cheaper than
 * {@link Math#exp} and {@link Math#log}. Gains need no more than a few significant digits:
 * {@link #exp} is within 2e-7 relative, {@link #log} within 2e-4 absolute (0.002 dB on a gain).
 */
public final class FastMath {
    private static final double LOG2E = 1.4426950408889634;

    private FastMath() {
    }

    /**
     * {@code e^x}: {@code 2^(x log2 e)}, the nearest integer of the power into the exponent bits
     * and the rest, {@code f} in {@code [-0.5, 0.5]}, by the degree-6 Taylor polynomial of
     * {@code 2^f} (relative error under 2e-7); 0 under -700, 1e304 over 700.
     */
    public static double exp(double x) {
        if (x < -700) {
            return 0;
        }
        if (x > 700) {
            return 1e304;
        }
        double t = x * LOG2E;
        double n = Math.rint(t);
        double f = t - n;
        double p = 1.0 + f * (0.6931471805599453 + f * (0.2402265069591007 + f * (0.05550410866482158
                + f * (0.009618129107628477 + f * (0.0013333558146428443 + f * 1.5403530393381608e-4)))));
        return p * Double.longBitsToDouble(((long) n + 1023) << 52);
    }

    /** Natural log of a positive value; non-positive values give the log of the smallest normal float. */
    public static double log(double x) {
        return ln((float) Math.max(x, Float.MIN_NORMAL));
    }

    /**
     * Natural log of a positive normal float within 2e-4: exponent plus a quartic of the
     * mantissa (least-squares fit of log2 on [1, 2)). Several times cheaper than Math.log.
     */
    public static float ln(float x) {
        int bits = Float.floatToRawIntBits(x);
        int exponent = ((bits >>> 23) & 0xff) - 127;
        float m = Float.intBitsToFloat((bits & 0x7fffff) | 0x3f800000);
        float log2m = -2.4967738f + (4.0283728f + (-2.0810602f + (0.62881573f - 0.07915037f * m) * m) * m) * m;
        return (exponent + log2m) * 0.6931472f;
    }
}
