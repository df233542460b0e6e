package org.audiomesh.enhancement.dsp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FastMathTest {
    @Test
    void expIsWithin2e7RelativeOverTheRangeTheGainsUse() {
        for (double x = -80; x <= 80; x += 0.001237) {
            double exact = Math.exp(x);
            assertEquals(1.0, FastMath.exp(x) / exact, 2e-7, "exp(" + x + ")");
        }
        assertEquals(1.0, FastMath.exp(0), 0);
        assertEquals(0.0, FastMath.exp(-1000), 0);
        assertTrue(FastMath.exp(1000) > 1e300);
    }

    @Test
    void logIsWithin2e4Absolute() {
        for (double x = 1e-12; x < 1e12; x *= 1.0173) {
            assertEquals(Math.log(x), FastMath.log(x), 2e-4, "log(" + x + ")");
        }
        assertTrue(Double.isFinite(FastMath.log(0)), "no -infinity for 0");
    }
}
