package org.audiomesh.separation.engine;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MedianFilterTest {

    @Test
    void medianAcrossFramesIsTheMiddleValueOfEachBin() {
        float[][] frames = {{5, 0, 1}, {1, 0, 2}, {3, 9, 3}, {4, 9, 4}, {2, 9, 5}};
        float[] out = new float[3];
        new MedianFilter(5).acrossFrames(frames, out);
        assertArrayEquals(new float[] {3, 9, 3}, out);
    }

    @Test
    void medianAlongBinsMatchesSortingEveryZeroPaddedWindow() {
        Random random = new Random(7);
        for (int kernel : new int[] {1, 3, 17}) {
            for (int bins : new int[] {1, 5, 16, 257}) {
                float[] in = new float[bins];
                for (int k = 0; k < bins; k++) {
                    // repeated values too: the sliding window must remove the right copy
                    in[k] = random.nextInt(4) == 0 ? 1f : random.nextFloat();
                }
                float[] out = new float[bins];
                new MedianFilter(kernel).alongBins(in, out);
                float[] expected = new float[bins];
                for (int k = 0; k < bins; k++) {
                    float[] w = new float[kernel];
                    for (int i = 0; i < kernel; i++) {
                        int j = k - kernel / 2 + i;
                        w[i] = j >= 0 && j < bins ? in[j] : 0f;
                    }
                    Arrays.sort(w);
                    expected[k] = w[kernel / 2];
                }
                assertArrayEquals(expected, out, "kernel " + kernel + ", " + bins + " bins");
            }
        }
    }

    @Test
    void aBroadbandClickSurvivesTheFrequencyMedianAndASteadyToneTheTimeMedian() {
        float[] click = new float[64];
        Arrays.fill(click, 1f);
        float[] tone = new float[64];
        tone[20] = 1f;
        float[] out = new float[64];
        MedianFilter alongBins = new MedianFilter(17);
        alongBins.alongBins(click, out);
        assertEquals(1f, out[32]);
        alongBins.alongBins(tone, out);
        assertEquals(0f, out[20], "a lone peak is not percussive");
        float[][] frames = new float[9][];
        Arrays.fill(frames, tone);
        float[] steady = new float[64];
        new MedianFilter(9).acrossFrames(frames, steady);
        assertEquals(1f, steady[20]);
    }

    @Test
    void evenKernelsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MedianFilter(4));
    }
}
