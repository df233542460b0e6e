package org.audiomesh.common.onnx;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs on the CPU-only onnxruntime artifact, where CUDA is never available. */
class OnnxInferenceTest {
    @TempDir
    Path dir;

    private static FloatTensor input(int batch, int n) {
        float[] x = new float[batch * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = i - 3.5f;
        }
        return new FloatTensor(x, new long[] {batch, n});
    }

    @Test
    void providerListsParseAndAlwaysEndOnCpu() {
        assertEquals(List.of(ExecutionProvider.CUDA, ExecutionProvider.CPU), ExecutionProvider.parseList("cuda,cpu"));
        assertEquals(List.of(ExecutionProvider.CUDA, ExecutionProvider.CPU), ExecutionProvider.parseList(" CUDA "));
        assertEquals(List.of(ExecutionProvider.CPU), ExecutionProvider.parseList("cpu"));
        assertThrows(IllegalArgumentException.class, () -> ExecutionProvider.parseList("cuda,tpu"));
    }

    @Test
    void cudaRequestedWithoutCudaFallsBackToCpuAndSaysWhy() throws Exception {
        Path file = TinyOnnxModels.scaleAndSum(dir, 2f);
        try (OnnxInference inference = new OnnxInference(OnnxSettings.defaults())) {
            OnnxModel model = inference.load("tiny", file);
            assertEquals(ExecutionProvider.CPU, model.provider());
            assertTrue(model.fallbackReason().isPresent());
            assertTrue(inference.cudaUnavailableReason().orElseThrow().contains("cpu"),
                    inference.cudaUnavailableReason().get());
            assertFalse(OnnxInference.compiledProviders().contains("cuda"), "the CPU artifact is on the class path");

            Map<String, FloatTensor> out = model.run(Map.of("x", input(2, 4)));
            FloatTensor y = out.get("y");
            assertArrayEquals(new long[] {2, 4}, y.shape());
            for (int i = 0; i < 8; i++) {
                assertEquals(2f * (i - 3.5f), y.data()[i], 0f);
            }
            assertEquals(0f, out.get("total").data()[0], 1e-6f); // -3.5 .. 3.5 sums to 0
        }
    }

    @Test
    void cpuOnlyHasNoFallback() throws Exception {
        Path file = TinyOnnxModels.scaleAndSum(dir, 3f);
        try (OnnxInference inference = new OnnxInference(new OnnxSettings(ExecutionProvider.parseList("cpu"), 1, 0))) {
            OnnxModel model = inference.load("tiny", file);
            assertEquals(ExecutionProvider.CPU, model.provider());
            assertTrue(model.fallbackReason().isEmpty());
            assertTrue(inference.cudaUnavailableReason().isEmpty());
            assertEquals(3f * 0.5f, model.run(Map.of("x", input(1, 8))).get("y").data()[4], 0f);
        }
    }

    @Test
    void aModelIsLoadedOnceAndSharedAndDescribesItsSignature() throws Exception {
        Path file = TinyOnnxModels.scaleAndSum(dir, 2f);
        try (OnnxInference inference = new OnnxInference(OnnxSettings.defaults())) {
            OnnxModel a = inference.load("tiny", file);
            OnnxModel b = inference.load("tiny", dir.resolve(".").resolve("scale-and-sum.onnx"));
            assertSame(a, b);
            assertEquals(1, inference.models().size());
            assertEquals("x", a.inputs().get(0).name());
            assertArrayEquals(new long[] {-1, -1}, a.inputs().get(0).shape());
            assertEquals(List.of("y", "total"), a.outputs().stream().map(OnnxModel.TensorSpec::name).toList());
        }
    }

    @Test
    void concurrentRunsOnTheSharedSessionGiveTheirOwnResults() throws Exception {
        Path file = TinyOnnxModels.scaleAndSum(dir, 2f);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (OnnxInference inference = new OnnxInference(OnnxSettings.defaults())) {
            OnnxModel model = inference.load("tiny", file);
            Future<?>[] runs = new Future<?>[16];
            for (int r = 0; r < runs.length; r++) {
                int n = r + 1;
                runs[r] = pool.submit(() -> {
                    FloatTensor y = model.run(Map.of("x", input(1, n))).get("y");
                    assertEquals(n, y.data().length);
                    assertEquals(2f * (n - 1 - 3.5f), y.data()[n - 1], 0f);
                    return null;
                });
            }
            for (Future<?> f : runs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void heldOutputsFeedTheNextGraphWithoutACopyUntilClosed() throws Exception {
        Path twice = TinyOnnxModels.scaleAndSum(java.nio.file.Files.createDirectories(dir.resolve("a")), 2f);
        Path thrice = TinyOnnxModels.scaleAndSum(java.nio.file.Files.createDirectories(dir.resolve("b")), 3f);
        try (OnnxInference inference = new OnnxInference(new OnnxSettings(ExecutionProvider.parseList("cpu"), 1, 0))) {
            OnnxModel first = inference.load("twice", twice);
            OnnxModel second = inference.load("thrice", thrice);
            HeldTensor y;
            try (HeldOutputs held = first.runHeld(Map.of("x", input(2, 3)))) {
                assertEquals(List.of("y", "total"), List.copyOf(held.names()));
                y = held.held("y");
                assertArrayEquals(new long[] {2, 3}, y.shape());
                FloatTensor chained = second.run(Map.of("x", y)).get("y");
                for (int i = 0; i < 6; i++) {
                    assertEquals(6f * (i - 3.5f), chained.data()[i], 0f);
                }
                assertEquals(-3.5f - 2.5f - 1.5f - 0.5f + 0.5f + 1.5f, held.floats("total").data()[0], 1e-5f); // sum of x
                assertThrows(OnnxException.class, () -> held.floats("missing"));
            }
            assertThrows(IllegalStateException.class, () -> second.run(Map.of("x", y)));
        }
    }

    @Test
    void aModelLoadedForVaryingShapesRunsEveryShapeItIsGiven() throws Exception {
        try (OnnxInference inference = new OnnxInference(new OnnxSettings(ExecutionProvider.parseList("cpu"), 1, 0))) {
            OnnxModel model = inference.load("tiny", TinyOnnxModels.scaleAndSum(dir, 2f), true);
            for (int[] shape : new int[][] {{1, 3}, {1, 7}, {2, 5}, {1, 3}}) {
                FloatTensor y = model.run(Map.of("x", input(shape[0], shape[1]))).get("y");
                assertArrayEquals(new long[] {shape[0], shape[1]}, y.shape());
                assertEquals(2f * (shape[0] * shape[1] - 1 - 3.5f), y.data()[shape[0] * shape[1] - 1], 0f);
            }
        }
    }

    @Test
    void runIntoFillsTheCallersTensorsWithWhatRunReturns() throws Exception {
        try (OnnxInference inference = new OnnxInference(new OnnxSettings(ExecutionProvider.parseList("cpu"), 1, 0))) {
            OnnxModel model = inference.load("tiny", TinyOnnxModels.scaleAndSum(dir, 2f), true);
            for (int[] shape : new int[][] {{1, 6}, {2, 3}, {1, 6}, {3, 5}}) {
                FloatTensor x = input(shape[0], shape[1]);
                FloatTensor y = new FloatTensor(new float[shape[0] * shape[1]], new long[] {shape[0], shape[1]});
                model.runInto(Map.of("x", x), Map.of("y", y));
                assertArrayEquals(model.run(Map.of("x", x)).get("y").data(), y.data(), 0f);
                assertEquals(2f * (shape[0] * shape[1] - 1 - 3.5f), y.data()[y.data().length - 1], 0f);
            }
            FloatTensor wrong = new FloatTensor(new float[4], new long[] {2, 2});
            assertThrows(OnnxException.class, () -> model.runInto(Map.of("x", input(1, 6)), Map.of("y", wrong)));
        }
    }

    @Test
    void missingFileAndBadInputsFailWithOnnxException() throws Exception {
        try (OnnxInference inference = new OnnxInference(OnnxSettings.defaults())) {
            assertThrows(OnnxException.class, () -> inference.load("none", dir.resolve("missing.onnx")));
            OnnxModel model = inference.load("tiny", TinyOnnxModels.scaleAndSum(dir, 2f));
            assertThrows(OnnxException.class, () -> model.run(Map.of("wrong", input(1, 2))));
            assertThrows(IllegalArgumentException.class, () -> new FloatTensor(new float[3], new long[] {2, 2}));
        }
    }

    @Test
    void metricsSayWhichProviderRunsAndThatCudaFellBack() throws Exception {
        try (OnnxInference inference = new OnnxInference(OnnxSettings.defaults())) {
            inference.load("tiny", TinyOnnxModels.scaleAndSum(dir, 2f));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            OnnxMetrics.bind(registry, inference);
            assertEquals(1.0, registry.get("audiomesh.onnx.session").tags("model", "tiny", "provider", "cpu").gauge()
                    .value());
            assertEquals(1.0, registry.get("audiomesh.onnx.cuda.fallback").gauge().value());
        }
    }
}
