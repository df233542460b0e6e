package org.audiomesh.analysis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.audiomesh.common.worker.ProgressListener;
import org.junit.jupiter.api.Test;

class PitchClassProfileTest {

    @Test
    void anAWithItsFifthHasMostStrengthOnAAndE() throws IOException {
        double[] p = profile(tones(22_050, 3, 220.0, 330.0));

        int[] order = order(p);
        assertTrue((order[0] == 9 && order[1] == 4) || (order[0] == 4 && order[1] == 9), java.util.Arrays.toString(p));
        assertTrue(p[1] < 0.05 * p[9], java.util.Arrays.toString(p));
    }

    @Test
    void aLowBassNoteIsResolvedBelowTheBinSpacing() throws IOException {
        // 55 Hz (A1) and 58.27 Hz (Bb1) are 3.3 Hz apart, a third of the 10.8 Hz bin spacing
        double[] a = profile(tones(22_050, 3, 55.0));
        double[] bFlat = profile(tones(22_050, 3, 58.27));

        assertEquals(9, order(a)[0], java.util.Arrays.toString(a));
        assertEquals(10, order(bFlat)[0], java.util.Arrays.toString(bFlat));
    }

    @Test
    void silenceHasAnEmptyProfile() throws IOException {
        double[] p = profile(new float[22_050]);

        for (double v : p) {
            assertEquals(0.0, v);
        }
    }

    private static double[] profile(float[] mono) throws IOException {
        SpectrogramReader reader = new SpectrogramReader(22_050);
        PitchClassProfile pcp = new PitchClassProfile(22_050, reader.frameSize());
        reader.read(new FloatArraySource(mono, 22_050), ProgressListener.NONE, pcp);
        return pcp.values();
    }

    private static float[] tones(int rate, double seconds, double... hz) {
        float[] out = new float[(int) (seconds * rate)];
        for (int i = 0; i < out.length; i++) {
            for (double f : hz) {
                out[i] += (float) (0.2 * Math.sin(2 * Math.PI * f * i / rate));
            }
        }
        return out;
    }

    private static int[] order(double[] p) {
        return java.util.stream.IntStream.range(0, 12).boxed().sorted((x, y) -> Double.compare(p[y], p[x]))
                .mapToInt(Integer::intValue).toArray();
    }
}
