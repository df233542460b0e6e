package org.audiomesh.common.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One loaded ONNX model: a shared session behind a plain-array interface. {@link #run} is
 * thread-safe. Inputs are float, int64 or bool tensors; outputs are float tensors (what
 * audiomesh's models produce).
 */
public final class OnnxModel implements AutoCloseable {

    /**
     * Declared input or output of the graph.
     *
     * @param name  tensor name in the graph
     * @param shape dimensions; -1 for a symbolic (dynamic) one
     * @param type  element type as ONNX Runtime names it, e.g. {@code FLOAT}
     */
    public record TensorSpec(String name, long[] shape, String type) {
        public int rank() {
            return shape.length;
        }

        /** {@code name[d0, d1, ...]}, as error messages show it. */
        @Override
        public String toString() {
            return name + java.util.Arrays.toString(shape);
        }
    }

    private final String name;
    private final Path file;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final ExecutionProvider provider;
    private final String fallbackReason;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final Map<String, String> metadata;
    /** Per thread: reusable direct buffers for input and pinned output tensors, by model and tensor. */
    private static final ThreadLocal<Map<OnnxModel, Map<String, FloatBuffer>>> SCRATCH =
            ThreadLocal.withInitial(java.util.WeakHashMap::new);

    OnnxModel(String name, Path file, OrtEnvironment env, OrtSession session, ExecutionProvider provider,
              String fallbackReason) throws OrtException {
        this.name = name;
        this.file = file;
        this.env = env;
        this.session = session;
        this.provider = provider;
        this.fallbackReason = fallbackReason;
        this.inputs = specs(session.getInputInfo());
        this.outputs = specs(session.getOutputInfo());
        this.metadata = Map.copyOf(session.getMetadata().getCustomMetadata());
    }

    private static List<TensorSpec> specs(Map<String, NodeInfo> info) {
        List<TensorSpec> out = new ArrayList<>();
        for (NodeInfo n : info.values()) {
            if (n.getInfo() instanceof TensorInfo t) {
                out.add(new TensorSpec(n.getName(), t.getShape(), t.type.name()));
            } else {
                out.add(new TensorSpec(n.getName(), new long[0], n.getInfo().toString()));
            }
        }
        return List.copyOf(out);
    }

    public String name() {
        return name;
    }

    public Path file() {
        return file;
    }

    /** The provider the session runs on. */
    public ExecutionProvider provider() {
        return provider;
    }

    /** Why a preferred provider (CUDA) was not used, when it was not. */
    public Optional<String> fallbackReason() {
        return Optional.ofNullable(fallbackReason);
    }

    /** Graph inputs in declaration order. */
    public List<TensorSpec> inputs() {
        return inputs;
    }

    /** Graph outputs in declaration order. */
    public List<TensorSpec> outputs() {
        return outputs;
    }

    /**
     * Runs the graph.
     *
     * @param feeds one tensor per graph input, by input name ({@link FloatTensor}, {@link LongTensor},
     *              {@link BoolTensor} or an earlier run's {@link HeldTensor})
     * @return every graph output, by output name, in declaration order
     * @throws OnnxException when ONNX Runtime rejects the inputs or fails
     */
    public Map<String, FloatTensor> run(Map<String, ? extends TensorValue> feeds) {
        try (HeldOutputs held = runHeld(feeds)) {
            Map<String, FloatTensor> out = new LinkedHashMap<>();
            for (String output : held.names()) {
                out.put(output, held.floats(output));
            }
            return out;
        }
    }

    /**
     * Runs the graph and keeps its outputs in ONNX Runtime's memory: a chain of graphs passes
     * large intermediate tensors on without copying them through the Java heap. The caller
     * closes the result, and uses it before this model runs again on the same thread: float
     * inputs go through this thread's reusable buffers, and a graph may hand an input through
     * to an output (an {@code Identity}) without a copy.
     *
     * @param feeds as {@link #run}
     * @throws OnnxException when ONNX Runtime rejects the inputs or fails
     */
    public HeldOutputs runHeld(Map<String, ? extends TensorValue> feeds) {
        return runHeld(feeds, Map.of());
    }

    private HeldOutputs runHeld(Map<String, ? extends TensorValue> feeds, Map<String, OnnxTensor> pinned) {
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        List<OnnxTensor> created = new ArrayList<>();
        try {
            for (Map.Entry<String, ? extends TensorValue> e : feeds.entrySet()) {
                if (e.getValue() instanceof HeldTensor h) {
                    tensors.put(e.getKey(), h.tensor());
                } else {
                    OnnxTensor t = tensor(e.getKey(), e.getValue());
                    created.add(t);
                    tensors.put(e.getKey(), t);
                }
            }
            return new HeldOutputs(name, pinned.isEmpty() ? session.run(tensors) : session.run(tensors, pinned));
        } catch (OrtException e) {
            throw new OnnxException("inference with " + name + " failed: " + e.getMessage(), e);
        } finally {
            for (OnnxTensor t : created) {
                t.close();
            }
        }
    }

    /**
     * Runs the graph and writes the named float outputs into the caller's tensors, whose shapes
     * must be the outputs' exact shapes: ONNX Runtime writes them into this thread's reusable
     * native buffers and they are copied from there, so a caller that runs the same shapes again
     * and again allocates nothing per run. Outputs not named are computed and dropped.
     *
     * @param feeds   as {@link #run}
     * @param outputs caller-owned tensors to fill, by output name
     * @throws OnnxException when ONNX Runtime rejects the inputs or a shape, or fails
     */
    public void runInto(Map<String, ? extends TensorValue> feeds, Map<String, FloatTensor> outputs) {
        Map<String, OnnxTensor> pinned = new LinkedHashMap<>();
        Map<String, FloatBuffer> buffers = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, FloatTensor> e : outputs.entrySet()) {
                FloatBuffer b = scratch(">" + e.getKey(), e.getValue().data().length);
                buffers.put(e.getKey(), b);
                pinned.put(e.getKey(), OnnxTensor.createTensor(env, b, e.getValue().shape()));
            }
            try (HeldOutputs ignored = runHeld(feeds, pinned)) {
                for (Map.Entry<String, FloatTensor> e : outputs.entrySet()) {
                    FloatBuffer b = buffers.get(e.getKey());
                    b.rewind();
                    b.get(e.getValue().data());
                }
            }
        } catch (OrtException e) {
            throw new OnnxException("inference with " + name + " failed: " + e.getMessage(), e);
        } finally {
            for (OnnxTensor t : pinned.values()) {
                t.close();
            }
        }
    }

    /**
     * This thread's direct buffer for one tensor of this model, holding {@code n} floats; grown
     * when a larger tensor comes. Input data is copied into it instead of into a new buffer per run.
     */
    private FloatBuffer scratch(String tensor, int n) {
        Map<String, FloatBuffer> mine = SCRATCH.get().computeIfAbsent(this, m -> new java.util.HashMap<>());
        FloatBuffer b = mine.get(tensor);
        if (b == null || b.capacity() < n) {
            b = ByteBuffer.allocateDirect(Math.multiplyExact(n, Float.BYTES)).order(ByteOrder.nativeOrder()).asFloatBuffer();
            mine.put(tensor, b);
        }
        b.clear();
        b.limit(n);
        return b;
    }

    private OnnxTensor tensor(String input, TensorValue value) throws OrtException {
        if (value instanceof FloatTensor f) {
            FloatBuffer b = scratch("<" + input, f.data().length);
            b.put(f.data());
            b.flip();
            return OnnxTensor.createTensor(env, b, f.shape());
        }
        if (value instanceof LongTensor l) {
            return l.shape().length == 0 ? OnnxTensor.createTensor(env, l.data()[0])
                    : OnnxTensor.createTensor(env, LongBuffer.wrap(l.data()), l.shape());
        }
        if (!(value instanceof BoolTensor b)) {
            throw new IllegalArgumentException("unsupported tensor " + value);
        }
        ByteBuffer bytes = ByteBuffer.allocateDirect(b.data().length).order(ByteOrder.nativeOrder());
        for (boolean v : b.data()) {
            bytes.put((byte) (v ? 1 : 0));
        }
        bytes.rewind();
        return OnnxTensor.createTensor(env, bytes, b.shape(), OnnxJavaType.BOOL);
    }

    /** The model's custom metadata (ONNX {@code metadata_props}), e.g. an exporter's dimensions. */
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new OnnxException("could not close " + name, e);
        }
    }
}
