package org.audiomesh.common.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * ONNX inference for one process: ONNX Runtime's single {@link OrtEnvironment} (created, and the
 * native library loaded, with the first model, so a service that loads none pays nothing), and
 * each model file loaded once into a session that every caller shares (sessions are thread-safe
 * for {@code run}). Create one instance per service (a CDI singleton) and close it at shutdown.
 *
 * <p>Execution providers are tried in the configured order. CUDA is asked for with
 * {@code SessionOptions.addCUDA}; where it cannot be had (the CPU-only {@code onnxruntime}
 * artifact, or the {@code onnxruntime_gpu} one without CUDA 12 / cuDNN 9 libraries or without a
 * GPU) ONNX Runtime throws, this class logs one warning for the process saying why, and the same
 * options, without CUDA, load the model on the CPU. Which provider each model runs on is
 * reported by {@link OnnxModel#provider()} for health checks and metrics.
 */
public final class OnnxInference implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OnnxInference.class);

    private final OnnxSettings settings;
    private volatile OrtEnvironment env; // created with the first model: loads the native library
    private final ConcurrentMap<Path, OnnxModel> models = new ConcurrentHashMap<>();
    private volatile String cudaUnavailableReason;

    public OnnxInference(OnnxSettings settings) {
        this.settings = settings;
    }

    private OrtEnvironment environment() {
        OrtEnvironment e = env;
        if (e == null) {
            synchronized (this) {
                if (env == null) {
                    env = OrtEnvironment.getEnvironment();
                }
                e = env;
            }
        }
        return e;
    }

    public OnnxSettings settings() {
        return settings;
    }

    /** Providers compiled into the ONNX Runtime build on the class path (lower case, e.g. {@code cpu}). */
    public static List<String> compiledProviders() {
        List<String> out = new ArrayList<>();
        EnumSet<OrtProvider> available = OrtEnvironment.getAvailableProviders();
        for (OrtProvider p : available) {
            out.add(p.getName().replace("ExecutionProvider", "").toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }

    /** Why CUDA was asked for but not used, once a model load tried it; empty otherwise. */
    public Optional<String> cudaUnavailableReason() {
        return Optional.ofNullable(cudaUnavailableReason);
    }

    /**
     * The model in {@code file}, loaded on first use and shared afterwards.
     *
     * @param name short name for logs, health and metrics (e.g. {@code deepfilternet3/enc})
     * @throws OnnxException when the file is missing or no provider can load it
     */
    public OnnxModel load(String name, Path file) {
        return load(name, file, false);
    }

    /**
     * As {@link #load(String, Path)}; with {@code varyingShapes} the session plans no memory
     * pattern: ONNX Runtime would keep one plan per input shape seen, which only grows for a graph
     * fed chunks of changing length (DeepFilterNet3's first, middle and last passes), and the
     * plans cost more memory than they save time there.
     */
    public OnnxModel load(String name, Path file, boolean varyingShapes) {
        Path key = file.toAbsolutePath().normalize();
        return models.computeIfAbsent(key, k -> onLargeStack(() -> create(name, k, varyingShapes)));
    }

    /** Models loaded so far. */
    public List<OnnxModel> models() {
        return List.copyOf(models.values());
    }

    private OnnxModel create(String name, Path file, boolean varyingShapes) {
        if (!Files.isRegularFile(file)) {
            throw new OnnxException("model file not found: " + file);
        }
        OrtEnvironment ort = environment();
        OnnxException last = null;
        for (ExecutionProvider provider : settings.providers()) {
            try (OrtSession.SessionOptions options = baseOptions(varyingShapes)) {
                if (provider == ExecutionProvider.CUDA) {
                    try {
                        options.addCUDA(settings.cudaDevice());
                    } catch (OrtException | LinkageError e) {
                        cudaUnavailable(e);
                        continue; // the same options go on to the next provider (CPU)
                    }
                }
                OrtSession session;
                try {
                    session = ort.createSession(file.toString(), options);
                } catch (OrtException e) {
                    if (provider == ExecutionProvider.CUDA) {
                        cudaUnavailable(e);
                        continue;
                    }
                    throw e;
                }
                LOG.infof("ONNX model %s loaded from %s on %s", name, file, provider.id());
                return new OnnxModel(name, file, ort, session, provider,
                        provider == ExecutionProvider.CUDA ? null : cudaUnavailableReason);
            } catch (OrtException e) {
                last = new OnnxException("could not load ONNX model " + name + " from " + file + " on "
                        + provider.id() + ": " + e.getMessage(), e);
            }
        }
        throw last != null ? last : new OnnxException("no execution provider could load " + file);
    }

    /** Stack of the thread that loads models: graph optimisation recurses deeply on some models. */
    static final long LOAD_STACK_BYTES = 64L * 1024 * 1024;

    /**
     * Runs {@code load} on a thread of its own with a {@value #LOAD_STACK_BYTES}-byte stack: ONNX
     * Runtime's native library setup and the graph optimisation of models with nested subgraphs
     * (Silero VAD's {@code If} branches) need more native stack than a default 1 MB Java thread
     * has, and overflowing it kills the process with SIGSEGV instead of throwing.
     */
    private static OnnxModel onLargeStack(java.util.function.Supplier<OnnxModel> load) {
        OnnxModel[] model = new OnnxModel[1];
        RuntimeException[] failure = new RuntimeException[1];
        Error[] error = new Error[1];
        Thread loader = new Thread(null, () -> {
            try {
                model[0] = load.get();
            } catch (RuntimeException e) {
                failure[0] = e;
            } catch (Error e) {
                error[0] = e;
            }
        }, "onnx-load", LOAD_STACK_BYTES);
        loader.start();
        try {
            loader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OnnxException("interrupted while loading an ONNX model", e);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        if (error[0] != null) {
            throw error[0];
        }
        return model[0];
    }

    private OrtSession.SessionOptions baseOptions(boolean varyingShapes) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        if (varyingShapes) {
            options.setMemoryPatternOptimization(false);
        }
        if (settings.intraOpThreads() > 0) {
            options.setIntraOpNumThreads(settings.intraOpThreads());
        }
        return options;
    }

    private synchronized void cudaUnavailable(Throwable e) {
        if (cudaUnavailableReason == null) {
            cudaUnavailableReason = firstLine(e.getMessage()) + " (ONNX Runtime providers on the class path: "
                    + String.join(", ", compiledProviders()) + ")";
            LOG.warnf("CUDA execution provider unavailable, running ONNX models on the CPU: %s. For GPU inference "
                    + "build with -Pgpu (onnxruntime_gpu) and install CUDA 12 and cuDNN 9 libraries.",
                    cudaUnavailableReason);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Closes every loaded session; the process-wide environment stays (ONNX Runtime owns it). */
    @Override
    public void close() {
        for (OnnxModel m : models.values()) {
            m.close();
        }
        models.clear();
    }
}
