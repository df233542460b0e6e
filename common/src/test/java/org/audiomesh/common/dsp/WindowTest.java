package org.audiomesh.common.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WindowTest {

    @Test
    void periodicHannStartsAtZeroAndPeaksAtHalfLength() {
        float[] w = Window.hannPeriodic(8);
        assertEquals(0f, w[0], 1e-7f);
        assertEquals(1f, w[4], 1e-7f);
        assertEquals(0.5f, w[2], 1e-6f);
        assertEquals(w[1], w[7], 1e-6f);
    }

    @Test
    void symmetricHannIsZeroAtBothEnds() {
        float[] w = Window.hannSymmetric(5);
        assertEquals(0f, w[0], 1e-7f);
        assertEquals(0.5f, w[1], 1e-6f);
        assertEquals(1f, w[2], 1e-7f);
        assertEquals(0f, w[4], 1e-7f);
    }

    @Test
    void periodicHannOverlapsToAConstantAtQuarterHop() {
        int n = 64;
        float[] w = Window.hannPeriodic(n);
        for (int i = 0; i < n / 4; i++) {
            float sum = w[i] + w[i + n / 4] + w[i + n / 2] + w[i + 3 * n / 4];
            assertEquals(2f, sum, 1e-5f, "sample " + i);
        }
    }
}
