package org.audiomesh.separation.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import org.jboss.logging.Logger;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One ONNX model file loaded once into an ONNX Runtime session, with the execution providers
 * tried in the configured order ({@code cuda}, {@code cpu}): a provider that cannot be set up
 * (no CUDA in this build of ONNX Runtime, no GPU, driver missing) is skipped with one warning
 * and the reason is kept for the result JSON. Inputs and outputs are described as
 * {@link Tensor}s in the model's declaration order, so engines can map them by rank and shape
 * rather than by name.
 *
 * <p>Kept in separation-service until the shared wrapper of {@code common/onnx} exists. A
 * session may be run from several threads; this class adds no locking of its own.
 */
public final class OnnxModel implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OnnxModel.class);

    /**
     * An input or output of the graph.
     *
     * @param name  its name in the graph
     * @param shape its declared shape; -1 for a dimension the graph leaves open
     */
    public record Tensor(String name, long[] shape) {
        public int rank() {
            return shape.length;
        }

        @Override
        public String toString() {
            return name + java.util.Arrays.toString(shape);
        }
    }

    private final Path file;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String provider;
    private final String fallbackReason;
    private final List<Tensor> inputs;
    private final List<Tensor> outputs;

    /**
     * @param file      the {@code .onnx} file
     * @param providers execution providers to try, in order ({@code cuda}, {@code cpu})
     * @throws OrtException when the file cannot be loaded on any provider
     */
    public OnnxModel(Path file, List<String> providers) throws OrtException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no model file " + file);
        }
        this.file = file;
        this.env = OrtEnvironment.getEnvironment(); // one per process, shared by every session
        String chosen = "cpu";
        List<String> skipped = new ArrayList<>();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        for (String p : providers) {
            String name = p.strip().toLowerCase(Locale.ROOT);
            if (name.equals("cpu")) {
                chosen = "cpu";
                break;
            }
            if (name.equals("cuda")) {
                try {
                    options.addCUDA(0);
                    chosen = "cuda";
                    break;
                } catch (OrtException | RuntimeException e) {
                    skipped.add("cuda: " + e.getMessage());
                }
            } else {
                skipped.add(name + ": unknown execution provider");
            }
        }
        this.session = env.createSession(file.toString(), options);
        this.provider = chosen;
        this.fallbackReason = skipped.isEmpty() ? null : String.join("; ", skipped);
        if (fallbackReason != null) {
            LOG.warnf("%s runs on %s: %s", file.getFileName(), chosen, fallbackReason);
        }
        this.inputs = describe(session.getInputInfo());
        this.outputs = describe(session.getOutputInfo());
    }

    private static List<Tensor> describe(Map<String, NodeInfo> infos) {
        List<Tensor> out = new ArrayList<>();
        for (NodeInfo info : infos.values()) {
            long[] shape = info.getInfo() instanceof TensorInfo t ? t.getShape() : new long[0];
            out.add(new Tensor(info.getName(), shape));
        }
        return List.copyOf(out);
    }

    public Path file() {
        return file;
    }

    /** The execution provider the session runs on: {@code cuda} or {@code cpu}. */
    public String provider() {
        return provider;
    }

    /** Why an earlier provider of the list was skipped, if one was. */
    public Optional<String> fallbackReason() {
        return Optional.ofNullable(fallbackReason);
    }

    public List<Tensor> inputs() {
        return inputs;
    }

    public List<Tensor> outputs() {
        return outputs;
    }

    /** A float tensor over {@code data} (read from its position to its limit), owned by the caller. */
    public OnnxTensor tensor(FloatBuffer data, long[] shape) throws OrtException {
        return OnnxTensor.createTensor(env, data, shape);
    }

    /**
     * Runs the graph.
     *
     * @param feeds input name to tensor
     * @return each output's values, flattened in row-major order, by output name
     */
    public Map<String, float[]> run(Map<String, OnnxTensor> feeds) throws OrtException {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (OrtSession.Result result = session.run(feeds)) {
            for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
                FloatBuffer values = ((OnnxTensor) e.getValue()).getFloatBuffer();
                float[] copy = new float[values.remaining()];
                values.get(copy);
                out.put(e.getKey(), copy);
            }
        }
        return out;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
