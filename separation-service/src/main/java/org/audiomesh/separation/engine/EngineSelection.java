package org.audiomesh.separation.engine;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.onnx.OnnxInference;
import org.audiomesh.common.onnx.OnnxMetrics;
import org.audiomesh.common.worker.StageEngine;
import org.audiomesh.common.worker.UnavailableEngine;
import org.audiomesh.separation.config.SeparationConfig;
import org.audiomesh.separation.onnx.HtdemucsSeparator;
import org.audiomesh.separation.onnx.MdxParameters;
import org.audiomesh.separation.onnx.MdxSeparator;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * why), never silently replaced. Models are loaded once, at start-up, by the service's
 * {@link OnnxInference} on the execution providers of {@code audiomesh.onnx.providers}, and
 * published as {@code audiomesh_onnx_session} / {@code audiomesh_onnx_cuda_fallback}. An unknown
 * engine name stops start-up.
 */
@ApplicationScoped
public class EngineSelection {
    private static final Logger LOG = Logger.getLogger(EngineSelection.class);

    @Produces
    @ApplicationScoped
    StageEngine engine(SeparationConfig config, ContractJson json, OnnxInference onnx, MeterRegistry registry) {
        String choice = config.engine().strip();
        Path scratch = config.scratchDir().orElse(Path.of(System.getProperty("java.io.tmpdir")));
        Models models = new Models(config.modelDir(), onnx, json);
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
        OnnxMetrics.bind(registry, onnx);
        LOG.infof("separation engine: %s (configured: %s)", engine.name(), choice);
        return engine;
    }

    private static StageEngine stage(StemSeparator separator, ContractJson json, Path scratch) {
        return SeparationStage.create(separator, json.mapper(), scratch);
    }

    /** A separator, or why there is none. */
    private record Loaded(StemSeparator separator, String reason) {
    }

    /** Loads the ONNX models of the model folder. */
    private record Models(Optional<Path> dir, OnnxInference onnx, ContractJson json) {

        Loaded htdemucs() {
            if (dir.isEmpty()) {
                return new Loaded(null, "no HTDemucs model: audiomesh.separation.model-dir is not set");
            }
            Path file = dir.get().resolve("htdemucs.onnx");
            if (!Files.isRegularFile(file)) {
                return new Loaded(null, "no HTDemucs model: " + file + " does not exist");
            }
            try {
                return new Loaded(new HtdemucsSeparator(onnx.load(HtdemucsSeparator.NAME, file)), null);
            } catch (Exception e) {
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
            try {
                MdxParameters p = MdxParameters.read(parameters, json.mapper());
                return new Loaded(new MdxSeparator(onnx.load(MdxSeparator.NAME, file), p), null);
            } catch (Exception e) {
                return new Loaded(null, "the MDX model " + file + " does not load: " + e.getMessage());
            }
        }
    }
}
