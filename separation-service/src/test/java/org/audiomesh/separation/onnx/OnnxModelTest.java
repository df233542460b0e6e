package org.audiomesh.separation.onnx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxModelTest {

    @Test
    void inputsAndOutputsAreDescribedInDeclarationOrder(@TempDir Path dir) throws Exception {
        try (OnnxModel model = new OnnxModel(TestGraphs.htdemucs(dir.resolve("m.onnx")), List.of("cpu"))) {
            assertEquals("[input[1, 2, 343980], x[1, 4, 2048, 336]]", model.inputs().toString());
            assertEquals(5, model.outputs().get(0).rank());
            assertEquals("cpu", model.provider());
            assertTrue(model.fallbackReason().isEmpty());
        }
    }

    @Test
    void cudaFirstEitherRunsOnCudaOrSaysWhyNot(@TempDir Path dir) throws Exception {
        try (OnnxModel model = new OnnxModel(TestGraphs.mdxLeftChannel(dir.resolve("m.onnx"), 8, 4), List.of("cuda", "cpu"))) {
            if (model.provider().equals("cpu")) {
                assertTrue(model.fallbackReason().orElseThrow().startsWith("cuda: "), model.fallbackReason().toString());
            } else {
                assertEquals("cuda", model.provider());
            }
        }
    }
}
