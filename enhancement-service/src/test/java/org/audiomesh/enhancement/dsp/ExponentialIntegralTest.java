package org.audiomesh.enhancement.dsp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExponentialIntegralTest {

    @Test
    void matchesTabulatedValuesOnBothSidesOfOne() {
        // reference values: Abramowitz and Stegun table 5.1 / scipy.special.exp1
        double[][] table = {
                {0.01, 4.0379295765}, {0.1, 1.8229239584}, {0.5, 0.5597735948}, {1.0, 0.2193839344},
                {2.0, 0.0489005107}, {5.0, 0.0011482956}, {10.0, 4.156968929e-6}};
        for (double[] row : table) {
            assertEquals(row[1], ExponentialIntegral.e1(row[0]), Math.max(3e-7, row[1] * 1e-6), "E1(" + row[0] + ")");
        }
    }

    @Test
    void staysFiniteNearZeroAndVanishesForLargeArguments() {
        assertEquals(-0.57721566 - Math.log(1e-30), ExponentialIntegral.e1(0), 1e-6);
        assertEquals(0.0, ExponentialIntegral.e1(100), 0.0);
    }

    @Test
    void theFastVariantStaysWithinItsStatedErrorOfTheAccurateOne() {
        for (double x = 1e-6; x < 80; x *= 1.01) {
            double accurate = ExponentialIntegral.e1(x);
            double fast = ExponentialIntegral.e1Fast(x, Math.exp(-x));
            if (x <= 1) {
                assertEquals(accurate, fast, 3e-4, "E1(" + x + ")");
            } else {
                assertEquals(accurate, fast, accurate * 3e-7 + 1e-300, "E1(" + x + ")");
            }
        }
    }
}
