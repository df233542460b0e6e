package org.audiomesh.enhancement.dfn;

import org.audiomesh.common.onnx.ExecutionProvider;
import org.audiomesh.common.onnx.OnnxInference;
import org.audiomesh.common.onnx.OnnxSettings;
import org.audiomesh.enhancement.engine.ChannelMode;
import org.audiomesh.enhancement.engine.PlanarSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole DeepFilterNet3 processing around tiny graphs with the export's signatures, against
 * the numpy reference of {@code make_dfn_fixtures.py}: analysis, features, conv look-ahead, lsnr
 * gates (the fixture passes through all four), ERB gains, deep filtering, attenuation limit,
 * synthesis and delay compensation. Tolerance: 1e-4 on samples of peak about 0.45.
 */
class DeepFilterNetEnhancerTest {
    private static final double TOLERANCE = 1e-4;
    private static OnnxInference onnx;
    private static DeepFilterNetModels models;

    @BeforeAll
    static void load() throws IOException {
        onnx = new OnnxInference(new OnnxSettings(ExecutionProvider.parseList("cuda,cpu"), 1, 0));
        models = new DeepFilterNetModels(onnx, Fixtures.folder());
    }

    @AfterAll
    static void close() {
        onnx.close();
    }

    static float[][] run(DeepFilterNetEnhancer enhancer, float[][] in, int block) throws IOException {
        int n = in[0].length;
        float[][] out = new float[in.length][n];
        int[] written = {0};
        PlanarSink sink = (b, frames) -> {
            for (int c = 0; c < in.length; c++) {
                System.arraycopy(b[c], 0, out[c], written[0], frames);
            }
            written[0] += frames;
        };
        for (int pos = 0; pos < n; pos += block) {
            int len = Math.min(block, n - pos);
            float[][] chunk = new float[in.length][len];
            for (int c = 0; c < in.length; c++) {
                System.arraycopy(in[c], pos, chunk[c], 0, len);
            }
            enhancer.process(chunk, len, sink);
        }
        enhancer.finish(sink);
        assertEquals(n, written[0]);
        return out;
    }

    @Test
    void fixtureCoversEveryLsnrGate() throws IOException {
        var gates = Fixtures.meta().get("gates");
        for (String g : new String[] {"zero", "none", "erb", "erb+df"}) {
            assertTrue(gates.has(g) && gates.get(g).asInt() > 0, "gate " + g + " in " + gates);
        }
    }

    @Test
    void outputMatchesTheNumpyReferenceWithoutAttenuationLimit() throws IOException {
        float[] x = Fixtures.floats("input.f32");
        float[] expected = Fixtures.floats("enhanced_nolimit.f32");
        float[] y = run(new DeepFilterNetEnhancer(models, 1, ChannelMode.PER_CHANNEL, 100, 500, 100),
                new float[][] {x}, 1000)[0];
        double diff = Fixtures.maxAbsDiff(y, expected);
        assertTrue(diff < TOLERANCE, "max difference " + diff);
        assertTrue(Fixtures.maxAbsDiff(y, x) > 0.01, "the output differs from the input");
    }

    @Test
    void attenuationLimitMixesBackTheNoisyFrameAsTheReference() throws IOException {
        float[] x = Fixtures.floats("input.f32");
        float[] expected = Fixtures.floats("enhanced_limit12db.f32");
        float[] y = run(new DeepFilterNetEnhancer(models, 1, ChannelMode.PER_CHANNEL, 12, 500, 100),
                new float[][] {x}, 777)[0];
        double diff = Fixtures.maxAbsDiff(y, expected);
        assertTrue(diff < TOLERANCE, "max difference " + diff);
    }

    @Test
    void smallChunksWithContextGiveTheSameOutputForFrameWiseGraphs() throws IOException {
        float[] x = Fixtures.floats("input.f32");
        float[] expected = Fixtures.floats("enhanced_nolimit.f32");
        float[] y = run(new DeepFilterNetEnhancer(models, 1, ChannelMode.PER_CHANNEL, 100, 4, 3),
                new float[][] {x}, 480)[0];
        assertTrue(Fixtures.maxAbsDiff(y, expected) < TOLERANCE, "max difference " + Fixtures.maxAbsDiff(y, expected));
    }

    @Test
    void stereoInMidModeAppliesTheMidEstimateToEachChannel() throws IOException {
        float[] x = Fixtures.floats("input.f32");
        float[] expected = Fixtures.floats("enhanced_nolimit.f32");
        float[][] y = run(new DeepFilterNetEnhancer(models, 2, ChannelMode.MID, 100, 500, 100),
                new float[][] {x.clone(), x.clone()}, 1000);
        assertTrue(Fixtures.maxAbsDiff(y[0], expected) < TOLERANCE);
        assertTrue(Fixtures.maxAbsDiff(y[1], expected) < TOLERANCE);
    }

    @Test
    void modelsRunOnTheCpuAfterCudaFallback() {
        assertEquals(ExecutionProvider.CPU, models.models().get(0).provider());
        assertTrue(onnx.cudaUnavailableReason().isPresent());
    }
}
