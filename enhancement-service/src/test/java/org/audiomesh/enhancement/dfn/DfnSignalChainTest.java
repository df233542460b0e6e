package org.audiomesh.enhancement.dfn;

import com.fasterxml.jackson.databind.JsonNode;
import org.audiomesh.common.dsp.Stft;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DeepFilterNet3's signal chain outside the network, against numpy reference values. */
class DfnSignalChainTest {
    private static final DfnParams P = DfnParams.defaults();

    @Test
    void erbBandsMatchTheReferenceLayout() throws Exception {
        JsonNode widths = Fixtures.meta().get("erb_widths");
        int[] expected = new int[widths.size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = widths.get(i).asInt();
        }
        int[] actual = new ErbBands(48000, 960, 32, 2).widths();
        assertArrayEquals(expected, actual);
        assertEquals(481, java.util.Arrays.stream(actual).sum());
    }

    @Test
    void normalisationAlphaIsRoundedAsLibDfDoes() {
        assertEquals(0.99f, P.normAlpha(), 0f);
        assertEquals(0.995f, new DfnParams(48000, 960, 480, 32, 96, 5, 2, 2, 2, 2.0).normAlpha(), 0f);
    }

    @Test
    void configIniOverridesTheDefaults(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path ini = dir.resolve("config.ini");
        Files.writeString(ini, "[df]\nsr = 48000\nnb_df = 64\n[deepfilternet]\nconv_lookahead = 3\ndf_order = 3\n");
        DfnParams p = DfnParams.read(ini);
        assertEquals(64, p.nbDf());
        assertEquals(3, p.convLookahead());
        assertEquals(3, p.dfOrder());
        assertEquals(960, p.fftSize());
    }

    @Test
    void featuresOfEveryFrameMatchNumpy() throws Exception {
        float[] x = Fixtures.floats("input.f32");
        float[] erbRef = Fixtures.floats("feat_erb.f32");
        float[] specRef = Fixtures.floats("feat_spec.f32");
        int frames = Fixtures.meta().get("frames").asInt();
        int hop = P.hopSize();
        int fft = P.fftSize();
        float[] padded = new float[frames * hop];
        System.arraycopy(x, 0, padded, 0, x.length);
        Stft stft = new Stft(fft, hop, DeepFilterNetEnhancer.vorbisWindow(fft));
        DfnFeatures features = new DfnFeatures(new ErbBands(48000, fft, 32, 2), 96, P.normAlpha());
        float[] spec = new float[2 * P.bins()];
        float[] erb = new float[32];
        float[] cplx = new float[192];
        float wnorm = (float) (1.0 / ((double) fft * fft / (2.0 * hop)));
        double maxErb = 0;
        double maxSpec = 0;
        for (int t = 0; t < frames; t++) {
            stft.complexFrame(padded, t * hop - (fft - hop), spec); // libDF: previous hop, then the new one
            for (int i = 0; i < spec.length; i++) {
                spec[i] *= wnorm;
            }
            features.next(spec, erb, 0, cplx, 0);
            for (int b = 0; b < 32; b++) {
                maxErb = Math.max(maxErb, Math.abs(erb[b] - erbRef[t * 32 + b]));
            }
            for (int f = 0; f < 192; f++) {
                maxSpec = Math.max(maxSpec, Math.abs(cplx[f] - specRef[t * 192 + f]));
            }
        }
        assertTrue(maxErb < 2e-5, "ERB features differ by up to " + maxErb);
        assertTrue(maxSpec < 5e-4, "complex features differ by up to " + maxSpec);
    }

    @Test
    void deepFilterMatchesTheEinsumOfTheReference() throws Exception {
        float[] spec = Fixtures.floats("df_spec.f32");     // [5][96][2]
        float[] coefs = Fixtures.floats("df_coefs.f32");   // [96][5][2]
        float[] expected = Fixtures.floats("df_out.f32");  // [96][2]
        float[][] taps = new float[5][];
        for (int n = 0; n < 5; n++) {
            taps[n] = java.util.Arrays.copyOfRange(spec, n * 192, (n + 1) * 192);
        }
        float[] out = new float[192];
        DeepFilter.apply(taps, coefs, 0, 96, out);
        assertTrue(Fixtures.maxAbsDiff(out, expected) < 1e-5, "max diff " + Fixtures.maxAbsDiff(out, expected));
        // a missing (out-of-signal) tap counts as zero
        taps[0] = null;
        float[] partial = new float[192];
        DeepFilter.apply(taps, coefs, 0, 96, partial);
        float re = 0;
        for (int n = 1; n < 5; n++) {
            re += spec[n * 192] * coefs[2 * n] - spec[n * 192 + 1] * coefs[2 * n + 1];
        }
        assertEquals(re, partial[0], 1e-5f);
    }
}
