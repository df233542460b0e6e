package org.audiomesh.common.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The outputs of one {@link OnnxModel#runHeld} call, kept in ONNX Runtime's memory: {@link #held}
 * hands one to another graph as it is, {@link #floats} copies one into a Java array. Close it
 * once the graphs that take its outputs have run. Not thread-safe.
 */
public final class HeldOutputs implements AutoCloseable {
    private final String graph;
    private final OrtSession.Result result;
    private final Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
    private boolean closed;

    HeldOutputs(String graph, OrtSession.Result result) {
        this.graph = graph;
        this.result = result;
        for (Map.Entry<String, OnnxValue> e : result) {
            if (!(e.getValue() instanceof OnnxTensor t)) {
                result.close();
                throw new OnnxException("output " + e.getKey() + " of " + graph + " is not a tensor");
            }
            tensors.put(e.getKey(), t);
        }
    }

    /** Output names in declaration order. */
    public Set<String> names() {
        return tensors.keySet();
    }

    /** The named output, to feed to another graph without a copy. */
    public HeldTensor held(String name) {
        return new HeldTensor(require(name), this);
    }

    /** A copy of the named output, which must be float. */
    public FloatTensor floats(String name) {
        OnnxTensor t = require(name);
        FloatBuffer fb = t.getFloatBuffer();
        if (fb == null) {
            throw new OnnxException("output " + name + " of " + graph + " is not float");
        }
        float[] data;
        if (fb.hasArray() && fb.arrayOffset() == 0 && fb.position() == 0 && fb.array().length == fb.remaining()) {
            data = fb.array(); // ONNX Runtime's copy is already a Java array of its own
        } else {
            data = new float[fb.remaining()];
            fb.get(data);
        }
        return new FloatTensor(data, t.getInfo().getShape());
    }

    private OnnxTensor require(String name) {
        checkOpen();
        OnnxTensor t = tensors.get(name);
        if (t == null) {
            throw new OnnxException(graph + " has no output '" + name + "' (has " + tensors.keySet() + ")");
        }
        return t;
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the outputs of " + graph + " are closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            result.close();
        }
    }
}
