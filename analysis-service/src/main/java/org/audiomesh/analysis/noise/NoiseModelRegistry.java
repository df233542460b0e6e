package org.audiomesh.analysis.noise;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import org.audiomesh.analysis.training.LabelledWindow;
import org.jboss.logging.Logger;

/**
 * The noise classifier in service, and the gate a new one passes before it replaces it. Analyses
 * read {@link #current()} once when they start, so a swap (an {@link AtomicReference} set) needs
 * no restart and fails no request: running analyses finish with the model they began with.
 *
 * <p>{@link #promote} loads a candidate through {@link NoiseModelStore} (manifest, extractor
 * version, checksums, loading, a trial prediction), measures it and the model in service on the
 * same held-out windows, and swaps only when the candidate is not worse (within
 * {@code tolerance}); a pointer file in the models folder makes the promoted model the one
 * loaded at the next start. Thread-safe; promotions are serialised.
 */
public final class NoiseModelRegistry {

    private static final Logger LOG = Logger.getLogger(NoiseModelRegistry.class);
    /** File in the models folder naming the promoted model's sub-folder. */
    public static final String POINTER = "current";

    /**
     * A successful promotion.
     *
     * @param model             the model now in service
     * @param accuracy          its accuracy on the held-out windows, 0..1
     * @param previousAccuracy  the replaced model's accuracy on the same windows, or null if none
     */
    public record Promotion(NoiseModel model, double accuracy, Double previousAccuracy) {
    }

    private final AtomicReference<NoiseModel> current;
    private final NoiseModelStore store;
    private final Path modelsDir;
    private final double tolerance;

    /**
     * @param initial   the model to serve first (may be null: no classification until one is promoted)
     * @param modelsDir folder of trained models and of the pointer file; null keeps no pointer
     * @param tolerance accuracy a candidate may lose against the model in service and still replace it, 0..1
     */
    public NoiseModelRegistry(NoiseModel initial, NoiseModelStore store, Path modelsDir, double tolerance) {
        this.current = new AtomicReference<>(initial);
        this.store = store;
        this.modelsDir = modelsDir;
        this.tolerance = tolerance;
    }

    /**
     * The registry at start-up: the model the pointer file names, if it still passes the checks,
     * else the shipped one (and if even that fails, none: the analysis then carries no noise).
     */
    public static NoiseModelRegistry start(NoiseModelStore store, Path modelsDir, double tolerance) {
        NoiseModel initial = null;
        Path pointer = modelsDir == null ? null : modelsDir.resolve(POINTER);
        if (pointer != null && Files.isRegularFile(pointer)) {
            try {
                String id = Files.readString(pointer, StandardCharsets.UTF_8).trim();
                initial = store.load(modelsDir.resolve(id));
                LOG.infof("noise classifier: trained model %s from %s", initial.manifest().id(), initial.source());
            } catch (IOException | NoiseModelException e) {
                LOG.warnf("noise classifier: the promoted model named by %s is unusable (%s); using the shipped one",
                        pointer, e.getMessage());
            }
        }
        if (initial == null) {
            try {
                initial = store.loadShipped();
            } catch (NoiseModelException e) {
                LOG.errorf("noise classifier: the shipped model is unusable (%s); analyses carry no noise class",
                        e.getMessage());
            }
        }
        return new NoiseModelRegistry(initial, store, modelsDir, tolerance);
    }

    /** The model in service, or null when none could be loaded. */
    public NoiseModel current() {
        return current.get();
    }

    /** The models in service (at most one so far), for {@code GET /api/v1/models}. */
    public List<NoiseModel> models() {
        NoiseModel m = current.get();
        return m == null ? List.of() : List.of(m);
    }

    /**
     * Validates the model in {@code candidateDir} and, if it is not worse than the model in service
     * on {@code heldOut}, puts it in service.
     *
     * @throws NoiseModelException {@code MODEL_INVALID}, {@code MODEL_INCOMPATIBLE},
     *                             {@code MODEL_CORRUPT} or {@code MODEL_NOT_BETTER}; the model in
     *                             service stays
     */
    public synchronized Promotion promote(Path candidateDir, List<LabelledWindow> heldOut) throws IOException {
        NoiseModel candidate = store.load(candidateDir);
        double accuracy = accuracy(candidate, heldOut);
        NoiseModel previous = current.get();
        Double previousAccuracy = previous == null ? null : accuracy(previous, heldOut);
        if (previousAccuracy != null && accuracy + tolerance < previousAccuracy) {
            throw new NoiseModelException(NoiseModelException.MODEL_NOT_BETTER, 422, String.format(
                    "model %s scores %.4f on the held-out windows, the model in service (%s) %.4f; kept the latter",
                    candidate.manifest().id(), accuracy, previous.manifest().id(), previousAccuracy),
                    List.of(), Map.of(), null);
        }
        current.set(candidate);
        if (modelsDir != null && candidateDir.toAbsolutePath().normalize().getParent() != null
                && candidateDir.toAbsolutePath().normalize().getParent().equals(modelsDir.toAbsolutePath().normalize())) {
            Path tmp = modelsDir.resolve(POINTER + ".tmp");
            Files.writeString(tmp, candidateDir.getFileName().toString(), StandardCharsets.UTF_8);
            Files.move(tmp, modelsDir.resolve(POINTER), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
        LOG.infof("noise classifier: model %s in service (held-out accuracy %.4f, previous %s)",
                candidate.manifest().id(), accuracy, previousAccuracy);
        return new Promotion(candidate, accuracy, previousAccuracy);
    }

    /** Share of the windows whose most probable class is their label, 0..1 (0 for none). */
    public static double accuracy(NoiseModel model, List<LabelledWindow> windows) {
        if (windows.isEmpty()) {
            return 0.0;
        }
        ToDoubleFunction<LabelledWindow> right = w -> model.classes().get(model.predict(w.features()))
                .equals(w.label()) ? 1.0 : 0.0;
        return windows.stream().mapToDouble(right).sum() / windows.size();
    }
}
