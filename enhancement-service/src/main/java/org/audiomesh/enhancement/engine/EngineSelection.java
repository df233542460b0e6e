package org.audiomesh.enhancement.engine;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.onnx.OnnxInference;
import org.audiomesh.common.onnx.OnnxMetrics;
import org.audiomesh.common.worker.StageEngine;
import org.audiomesh.common.worker.UnavailableEngine;
import org.audiomesh.enhancement.config.EnhancementConfig;
import org.audiomesh.enhancement.dfn.DeepFilterNetEngine;
import org.audiomesh.enhancement.dfn.DeepFilterNetModels;
import org.audiomesh.enhancement.dfn.HybridEnhancementEngine;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Chooses the enhancement engine from {@code audiomesh.enhancement.engine}, once, at start-up:
 * <ul>
 *   <li>{@code builtin}: the statistical {@link BuiltinEnhancementEngine} (always available);</li>
 *   <li>{@code deepfilternet}: DeepFilterNet3 from {@code audiomesh.enhancement.deepfilternet.model-dir};
 *       when its files are missing or do not load, every request fails with
 *       {@code ENGINE_UNAVAILABLE} saying why;</li>
 *   <li>{@code hybrid}: the built-in engine and DeepFilterNet3 (same model folder) run side by side and
 *       mixed ({@link HybridEnhancementEngine}); unavailable as {@code deepfilternet} is without its
 *       models;</li>
 *   <li>{@code auto}: DeepFilterNet3 when the folder holds {@code enc.onnx}, {@code erb_dec.onnx} and
 *       {@code df_dec.onnx} and they load, else the built-in engine.</li>
 * </ul>
 * The models are loaded here, once per service, on the execution providers of
 * {@code audiomesh.onnx.providers}.
 */
@ApplicationScoped
public class EngineSelection {
    private static final Logger LOG = Logger.getLogger(EngineSelection.class);

    @Produces
    @ApplicationScoped
    StageEngine engine(EnhancementConfig config, ContractJson json, OnnxInference onnx, MeterRegistry registry) {
        String choice = config.engine().trim().toLowerCase(Locale.ROOT);
        EnhancementOptions defaults = defaults(config);
        StageEngine builtin = new BuiltinEnhancementEngine(defaults, json.mapper());
        Path folder = Path.of(config.deepfilternet().modelDir());
        switch (choice) {
            case "builtin", BuiltinEnhancementEngine.NAME -> {
                LOG.infof("enhancement engine: %s", builtin.name());
                return builtin;
            }
            case "deepfilternet", DeepFilterNetEngine.NAME, "hybrid", HybridEnhancementEngine.NAME -> {
                boolean hybrid = choice.equals("hybrid") || choice.equals(HybridEnhancementEngine.NAME);
                double share = config.hybrid().networkShare();
                if (hybrid && !(share >= 0 && share <= 1)) {
                    throw new IllegalStateException("audiomesh.enhancement.hybrid.network-share must be in [0, 1], not "
                            + share);
                }
                List<String> missing = DeepFilterNetModels.missingFiles(folder);
                if (!missing.isEmpty()) {
                    String reason = "DeepFilterNet3 model files missing in " + folder.toAbsolutePath() + ": " + missing;
                    LOG.error(reason);
                    return new UnavailableEngine(Stage.ENHANCEMENT, reason);
                }
                try {
                    DeepFilterNetEngine dfn = deepFilterNet(config, json, onnx, registry, folder, defaults);
                    if (!hybrid) {
                        return dfn;
                    }
                    LOG.infof("enhancement engine: %s (network share %.2f)", HybridEnhancementEngine.NAME, share);
                    return new HybridEnhancementEngine(dfn, defaults, share);
                } catch (Exception e) {
                    String reason = "DeepFilterNet3 models in " + folder.toAbsolutePath() + " could not be loaded: "
                            + e.getMessage();
                    LOG.error(reason, e);
                    return new UnavailableEngine(Stage.ENHANCEMENT, reason);
                }
            }
            case "auto" -> {
                if (DeepFilterNetModels.missingFiles(folder).isEmpty()) {
                    try {
                        return deepFilterNet(config, json, onnx, registry, folder, defaults);
                    } catch (Exception e) {
                        LOG.errorf(e, "DeepFilterNet3 models in %s could not be loaded; using the built-in engine",
                                folder.toAbsolutePath());
                    }
                } else {
                    LOG.infof("no DeepFilterNet3 model in %s", folder.toAbsolutePath());
                }
                LOG.infof("enhancement engine: %s", builtin.name());
                return builtin;
            }
            default -> throw new IllegalStateException("unknown enhancement engine '" + config.engine()
                    + "'; choose auto, deepfilternet, builtin or hybrid");
        }
    }

    private static DeepFilterNetEngine deepFilterNet(EnhancementConfig config, ContractJson json, OnnxInference onnx,
                                             MeterRegistry registry, Path folder, EnhancementOptions defaults)
            throws java.io.IOException {
        DeepFilterNetModels models = new DeepFilterNetModels(onnx, folder);
        OnnxMetrics.bind(registry, onnx);
        LOG.infof("enhancement engine: %s from %s on %s", DeepFilterNetEngine.NAME, folder.toAbsolutePath(),
                models.models().get(0).provider().id());
        return new DeepFilterNetEngine(models, defaults, json.mapper(), config.deepfilternet().chunkFrames(),
                config.deepfilternet().contextFrames());
    }

    static EnhancementOptions defaults(EnhancementConfig config) {
        return new EnhancementOptions(config.attenuationDb(), OptionalInt.empty(),
                ChannelMode.parse(config.channelMode()), config.humRemoval());
    }
}
