package org.audiomesh.separation.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.worker.StageEngine;
import org.audiomesh.common.worker.UnavailableEngine;
import org.audiomesh.separation.config.SeparationConfig;
import org.audiomesh.separation.onnx.HtdemucsSeparator;
import org.audiomesh.separation.onnx.MdxParameters;
import org.audiomesh.separation.onnx.MdxSeparator;
import org.audiomesh.separation.onnx.OnnxModel;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the separation engine from {@code audiomesh.separation.engine}:
 * <ul>
 *   <li>{@code builtin}: {@link SpectralSeparator} (spectral masks, no weights);</li>
 *   <li>{@code htdemucs}: {@link HtdemucsSeparator} on {@code <model-dir>/htdemucs.onnx};</li>
 *   <li>{@code mdx}: {@link MdxSeparator} on {@code <model-dir>/mdx.onnx} with {@code mdx.json};</li>
 *   <li>{@code auto}: HTDemucs if its model loads, else MDX if its model loads, else builtin.</li>
 * </ul>
 * An ONNX engine chosen by name whose model is missing or does not load is reported unavailable
 * with the reason (every request then fails with {@code ENGINE_UNAVAILABLE}, and health says
 * why), never silently replaced. Models are loaded once, at start-up, on the execution
 * providers of {@code audiomesh.onnx.providers}. An unknown engine name stops start-up.
 */
@ApplicationScoped
public class EngineSelection {
    private static final Logger LOG = Logger.getLogger(EngineSelection.class);

    @Produces
    @ApplicationScoped
    StageEngine engine(SeparationConfig config, ContractJson json,
                       @ConfigProperty(name = "audiomesh.onnx.providers", defaultValue = "cuda,cpu") String providers) {
        String choice = config.engine().strip();
        Path scratch = config.scratchDir().orElse(Path.of(System.getProperty("java.io.tmpdir")));
        List<String> order = Arrays.stream(providers.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
        Models models = new Models(config.modelDir(), order, json);
        StageEngine engine = switch (choice) {
            case SpectralSeparator.NAME -> stage(new SpectralSeparator(), json, scratch);
            case HtdemucsSeparator.NAME, MdxSeparator.NAME -> {
                Loaded loaded = choice.equals(HtdemucsSeparator.NAME) ? models.htdemucs() : models.mdx();
                yield loaded.separator() != null ? stage(loaded.separator(), json, scratch)
                        : new UnavailableEngine(Stage.SEPARATION, loaded.reason());
            }
            case "auto" -> {
                Loaded htdemucs = models.htdemucs();
                Loaded mdx = htdemucs.separator() != null ? null : models.mdx();
                StemSeparator best = htdemucs.separator() != null ? htdemucs.separator()
                        : mdx.separator() != null ? mdx.separator() : new SpectralSeparator();
                for (Loaded skipped : mdx == null ? List.of(htdemucs) : List.of(htdemucs, mdx)) {
                    if (skipped.separator() == null) {
                        // a model that is there but does not load is an operator's mistake: say so loudly
                        LOG.logf(skipped.reason().contains("does not load") ? Logger.Level.WARN : Logger.Level.INFO,
                                "auto: %s", skipped.reason());
                    }
                }
                yield stage(best, json, scratch);
            }
            default -> throw new IllegalStateException("unknown separation engine '" + choice
                    + "'; choose auto, builtin, htdemucs or mdx");
        };
        LOG.infof("separation engine: %s (configured: %s)", engine.name(), choice);
        return engine;
    }

    void close(@Disposes StageEngine engine) throws Exception {
        if (engine instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private static StageEngine stage(StemSeparator separator, ContractJson json, Path scratch) {
        return SeparationStage.create(separator, json.mapper(), scratch);
    }

    /** A separator, or why there is none. */
    private record Loaded(StemSeparator separator, String reason) {
    }

    /** Loads the ONNX models of the model folder. */
    private record Models(Optional<Path> dir, List<String> providers, ContractJson json) {

        Loaded htdemucs() {
            if (dir.isEmpty()) {
                return new Loaded(null, "no HTDemucs model: audiomesh.separation.model-dir is not set");
            }
            Path file = dir.get().resolve("htdemucs.onnx");
            if (!Files.isRegularFile(file)) {
                return new Loaded(null, "no HTDemucs model: " + file + " does not exist");
            }
            OnnxModel model = null;
            try {
                model = new OnnxModel(file, providers);
                return new Loaded(new HtdemucsSeparator(model), null);
            } catch (Exception e) {
                closeQuietly(model);
                return new Loaded(null, "the HTDemucs model " + file + " does not load: " + e.getMessage());
            }
        }

        Loaded mdx() {
            if (dir.isEmpty()) {
                return new Loaded(null, "no MDX model: audiomesh.separation.model-dir is not set");
            }
            Path file = dir.get().resolve("mdx.onnx");
            Path parameters = dir.get().resolve("mdx.json");
            if (!Files.isRegularFile(file) || !Files.isRegularFile(parameters)) {
                return new Loaded(null, "no MDX model: " + file + " and " + parameters + " must both exist");
            }
            OnnxModel model = null;
            try {
                MdxParameters p = MdxParameters.read(parameters, json.mapper());
                model = new OnnxModel(file, providers);
                return new Loaded(new MdxSeparator(model, p), null);
            } catch (Exception e) {
                closeQuietly(model);
                return new Loaded(null, "the MDX model " + file + " does not load: " + e.getMessage());
            }
        }

        private static void closeQuietly(OnnxModel model) {
            if (model != null) {
                try {
                    model.close();
                } catch (Exception ignored) {
                    // the load already failed; that is the error reported
                }
            }
        }
    }
}
