package org.audiomesh.enhancement.dfn;

import com.fasterxml.jackson.databind.JsonNode;
import org.audiomesh.common.onnx.ExecutionProvider;
import org.audiomesh.common.onnx.OnnxInference;
import org.audiomesh.common.onnx.OnnxModel;
import org.audiomesh.common.onnx.OnnxSettings;
import org.audiomesh.enhancement.engine.ChannelMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine around a network of the real DeepFilterNet3 topology: the fixture
 * {@code deepfilternet/dfn3-small} ({@code tools/enhancement-bench/make_dfn3_small_fixtures.py}) is
 * DeepFilterNet3's architecture from PyTorch, narrow (conv_ch 16, GRUs of 32, emb 128) and with
 * random weights, exported with the real tensor names and ranks (e0 [1,16,S,32], emb [1,S,128],
 * c0 [1,16,S,96], m [1,1,S,32], coefs [1,S,96,10], lsnr [1,S,1]) and recurrent layers whose state
 * the engine rebuilds from the context frames before each chunk. The expected output is the numpy
 * reference of libDF's chain with the torch network inside, run in the engine's chunks (100 frames,
 * 50 of context, 2 of look-ahead; 2.4 s of tone bursts over noise, 241 frames in 3 passes).
 *
 * <p>Tolerance: max |difference| within 1e-5 of the expected output's peak (fixtures.json
 * {@code tolerance_max_abs_relative_to_peak}). The engine and the reference compute the same thing
 * in float32 by different code: ONNX Runtime's GRU, Conv and Einsum kernels against torch's, the
 * engine's STFT and features against numpy's; through a recurrent network such differences are
 * typically 1e-6..1e-5 of the output (measured here: 4.9e-7 with ONNX Runtime 1 and all threads
 * alike), and the random network (He-scaled weights, deep-filter taps up to |8|) amplifies them
 * more than a trained one would, hence the 20-fold margin. What the test is meant to catch is
 * larger by two orders or more: a context one frame short or long moves the output by 1.6e-3 of
 * the peak, a chunk one frame longer by 1.2e-2, one pass over the whole signal by 1.5e-2
 * (fixtures.json {@code chunked_vs_whole}). lsnr stays at least 0.027 dB from every gate threshold
 * in the fixture, so no float32 difference flips a gate.
 */
class DeepFilterNetRealTopologyTest {
    private static final String SET = Fixtures.DFN3_SMALL;
    private static final double TOLERANCE = 1e-5;
    private static OnnxInference onnx;
    private static DeepFilterNetModels models;
    private static JsonNode meta;

    @BeforeAll
    static void load() throws IOException {
        // CPU only: the reference is float32 on a CPU, and a GPU's kernels could round otherwise
        onnx = new OnnxInference(new OnnxSettings(ExecutionProvider.parseList("cpu"), 1, 0));
        models = new DeepFilterNetModels(onnx, Fixtures.folder(SET));
        meta = Fixtures.meta(SET);
    }

    @AfterAll
    static void close() {
        onnx.close();
    }

    private static float[] input() throws IOException {
        return Fixtures.pcm16(SET, "input.s16");
    }

    private static float[] expected() throws IOException {
        return Fixtures.floats(SET, String.format(Locale.ROOT, "enhanced_chunk%d_context%d.f32",
                meta.get("chunk_frames").asInt(), meta.get("context_frames").asInt()));
    }

    private static float[] enhance(float[] x, int block) throws IOException {
        return enhance(x, block, meta.get("chunk_frames").asInt(), meta.get("context_frames").asInt());
    }

    private static float[] enhance(float[] x, int block, int chunkFrames, int contextFrames) throws IOException {
        DeepFilterNetEnhancer enhancer = new DeepFilterNetEnhancer(models, 1, ChannelMode.PER_CHANNEL,
                meta.get("attenuation_db").asDouble(), chunkFrames, contextFrames);
        return DeepFilterNetEnhancerTest.run(enhancer, new float[][] {x}, block)[0];
    }

    /** max |y - expected| / max |expected|. */
    private static double relativeError(float[] y, float[] expected) {
        return Fixtures.maxAbsDiff(y, expected) / Fixtures.maxAbs(expected);
    }

    @Test
    void graphsDeclareTheTensorNamesAndShapesOfTheDeepFilterNet3Export() {
        Map<String, long[]> declared = new HashMap<>();
        for (OnnxModel m : models.models()) {
            for (OnnxModel.TensorSpec t : m.inputs()) {
                declared.put(m.name() + " in " + t.name(), t.shape());
            }
            for (OnnxModel.TensorSpec t : m.outputs()) {
                declared.put(m.name() + " out " + t.name(), t.shape());
            }
        }
        JsonNode shapes = meta.get("shapes");
        String[][] expected = {
            {"deepfilternet3/enc", "out", "e0", "e1", "e2", "e3", "emb", "c0", "lsnr"},
            {"deepfilternet3/erb_dec", "in", "emb", "e3", "e2", "e1", "e0"},
            {"deepfilternet3/erb_dec", "out", "m"},
            {"deepfilternet3/df_dec", "in", "emb", "c0"},
            {"deepfilternet3/df_dec", "out", "coefs"},
        };
        for (String[] row : expected) {
            for (int i = 2; i < row.length; i++) {
                String key = row[0] + " " + row[1] + " " + row[i];
                assertTrue(declared.containsKey(key), key + " in " + declared.keySet());
                assertArrayEquals(dims(shapes.get(row[i])), declared.get(key), key);
            }
        }
        // the real export's ranks and band axes (S is dynamic: -1)
        assertArrayEquals(new long[] {1, 16, -1, 32}, declared.get("deepfilternet3/enc out e0"));
        assertArrayEquals(new long[] {1, -1, 128}, declared.get("deepfilternet3/enc out emb"));
        assertArrayEquals(new long[] {1, 16, -1, 96}, declared.get("deepfilternet3/enc out c0"));
        assertArrayEquals(new long[] {1, -1, 96, 10}, declared.get("deepfilternet3/df_dec out coefs"));
    }

    private static long[] dims(JsonNode shape) {
        long[] out = new long[shape.size()];
        Iterator<JsonNode> it = shape.elements();
        for (int i = 0; it.hasNext(); i++) {
            JsonNode d = it.next();
            out[i] = d.isNumber() ? d.asLong() : -1;
        }
        return out;
    }

    @Test
    void fixtureCrossesEveryLsnrGateAwayFromTheThresholds() {
        JsonNode gates = meta.get("gates");
        for (String g : new String[] {"zero", "none", "erb", "erb+df"}) {
            assertTrue(gates.get(g).asInt() > 0, "gate " + g + " in " + gates);
        }
        assertTrue(meta.get("lsnr_db").get("min_margin_to_gate_thresholds").asDouble() > 0.005);
        assertEquals(3, meta.get("passes").size(), "chunks of the fixture");
    }

    @Test
    void outputMatchesTheReferenceChainWithTheSameNetworkRunInTheSameChunks() throws IOException {
        float[] x = input();
        float[] expected = expected();
        assertEquals(meta.get("samples").asInt(), x.length);
        float[] y = enhance(x, 1000);
        double peak = Fixtures.maxAbs(expected);
        double error = relativeError(y, expected);
        System.out.printf(Locale.ROOT, "dfn3-small: max |java - reference| = %.3e of the peak %.4f%n", error, peak);
        assertTrue(error < TOLERANCE, "max difference " + error + " of the peak " + peak);
        // not vacuous: the network changes the signal, and the output is not silence
        assertTrue(peak > 0.1, "output peak " + peak);
        assertTrue(Fixtures.maxAbsDiff(y, x) > 0.1 * peak, "the output differs from the input");
    }

    @Test
    void aContextOneFrameShortMovesTheOutputFarBeyondTheTolerance() throws IOException {
        float[] x = input();
        int chunk = meta.get("chunk_frames").asInt();
        int context = meta.get("context_frames").asInt();
        double error = relativeError(enhance(x, 1000, chunk, context - 1), expected());
        assertTrue(error > 10 * TOLERANCE, "a context of " + (context - 1) + " frames: " + error);
    }

    @Test
    void onePassOverTheWholeSignalDiffersFromTheChunksAsInTheReference() throws IOException {
        float[] x = input();
        int frames = meta.get("frames").asInt();
        double error = relativeError(enhance(x, 1000, frames, 0), expected());
        double reference = meta.get("chunked_vs_whole").get("max_abs_relative_to_peak").asDouble();
        // the engine's whole-signal pass against numpy's, seen through their distance to the chunks
        assertEquals(reference, error, TOLERANCE, "whole signal vs chunks");
    }

    @Test
    void outputDoesNotDependOnHowTheStreamIsCutIntoBlocks() throws IOException {
        float[] x = input();
        float[] a = enhance(x, 480);
        float[] b = enhance(x, 7777);
        assertTrue(Arrays.equals(a, b), "max difference " + Fixtures.maxAbsDiff(a, b));
    }
}
