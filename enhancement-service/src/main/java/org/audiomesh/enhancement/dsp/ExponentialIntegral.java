package org.audiomesh.enhancement.dsp;

/**
 * The exponential integral {@code E1(x) = integral from x to infinity of e^-t / t dt} for
 * {@code x > 0}, from the rational approximations of Abramowitz and Stegun 5.1.53 ({@code x <= 1},
 * absolute error below 2e-7 on {@code E1(x) + ln x}) and 5.1.56 ({@code x > 1}, relative error below
 * 5e-8 on {@code x e^x E1(x)}). It is the core of the log-spectral-amplitude gain, evaluated once
 * per bin and frame, so it avoids series loops.
 */
public final class ExponentialIntegral {
    private ExponentialIntegral() {
    }

    /**
     * @param x argument, {@code > 0}; values below 1e-30 are treated as 1e-30
     * @return {@code E1(x)}
     */
    public static double e1(double x) {
        if (x < 1e-30) {
            x = 1e-30;
        }
        if (x <= 1.0) {
            double p = -0.57721566 + x * (0.99999193 + x * (-0.24991055
                    + x * (0.05519968 + x * (-0.00976004 + x * 0.00107857))));
            return p - Math.log(x);
        }
        if (x > 60) {
            return 0.0; // below 1e-28: e^-x underflows the usefulness of the value
        }
        double num = 0.2677737343 + x * (8.6347608925 + x * (18.0590169730 + x * (8.5733287401 + x)));
        double den = 3.9584969228 + x * (21.0996530827 + x * (25.6329561486 + x * (9.5733223454 + x)));
        return num / den * Math.exp(-x) / x;
    }

    /**
     * {@code E1(x)} with the log and the exponential of {@link FastMath}: absolute error under 3e-4
     * for {@code x <= 1} (where {@code E1} is above 0.2), relative error under 3e-7 above. For the
     * gain arithmetic, where it is a few times cheaper than {@link #e1}.
     *
     * @param x         argument, {@code > 0}
     * @param expMinusX {@code e^-x}, which the caller has already computed
     */
    public static double e1Fast(double x, double expMinusX) {
        if (x <= 1.0) {
            double p = -0.57721566 + x * (0.99999193 + x * (-0.24991055
                    + x * (0.05519968 + x * (-0.00976004 + x * 0.00107857))));
            return p - FastMath.log(x);
        }
        if (x > 60) {
            return 0.0;
        }
        double num = 0.2677737343 + x * (8.6347608925 + x * (18.0590169730 + x * (8.5733287401 + x)));
        double den = 3.9584969228 + x * (21.0996530827 + x * (25.6329561486 + x * (9.5733223454 + x)));
        return num / den * expMinusX / x;
    }
}
