package org.audiomesh.separation.onnx;

import org.audiomesh.common.onnx.ExecutionProvider;
import org.audiomesh.common.onnx.OnnxInference;
import org.audiomesh.common.onnx.OnnxModel;
import org.audiomesh.common.onnx.OnnxSettings;

import java.nio.file.Path;

/**
 * Loads a test graph on the CPU. Each call has an ONNX Runtime of its own: the tests write
 * different graphs to the same file name, which a shared, caching {@link OnnxInference} would
 * answer with the first one. The sessions live until the test JVM ends.
 */
public final class TestOnnx {
    private TestOnnx() {
    }

    public static OnnxModel load(Path file) {
        OnnxInference onnx = new OnnxInference(new OnnxSettings(ExecutionProvider.parseList("cpu"), 0, 0));
        return onnx.load(file.getFileName().toString(), file);
    }
}
