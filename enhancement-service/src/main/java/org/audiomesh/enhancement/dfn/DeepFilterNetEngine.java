package org.audiomesh.enhancement.dfn;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.audiomesh.common.onnx.OnnxException;
import org.audiomesh.common.worker.EngineInput;
import org.audiomesh.common.worker.EngineResult;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.common.worker.StageEngine;
import org.audiomesh.enhancement.engine.EnhancementOptions;
import org.audiomesh.enhancement.engine.EnhancementPipeline;
import org.audiomesh.enhancement.engine.EnhancementResult;
import org.audiomesh.enhancement.engine.HumRemovingEnhancer;
import org.audiomesh.enhancement.engine.StreamingEnhancer;

/**
 * The DeepFilterNet3 engine ({@value #NAME}): {@link DeepFilterNetEnhancer} at 48 kHz (inputs at
 * other rates are resampled in and out) on models loaded once at start-up; writes
 * {@code enhancement/enhanced.wav}. The result adds {@code execution_provider} (cpu or cuda).
 *
 * <p>Verified against Rikorose/DeepFilterNet (libDF {@code lib.rs}, {@code tract.rs};
 * {@code df/deepfilternet3.py}, {@code df/multiframe.py}, {@code df/scripts/export.py}):
 * window, {@code wnorm}, ERB band layout, feature normalisations and {@code calc_norm_alpha},
 * graph names and shapes, the encoder's 2-frame look-ahead ({@code pad_feat}), deep-filter tap
 * order and product, lsnr gates (-10 / 20 / 30 dB) and the attenuation limit. The tests reproduce
 * them against numpy values made by {@code tools/enhancement-bench/make_dfn_fixtures.py}.
 */
public final class DeepFilterNetEngine implements StageEngine {
    public static final String NAME = "deepfilternet3";

    private final DeepFilterNetModels models;
    private final EnhancementOptions defaults;
    private final ObjectMapper mapper;
    private final int chunkFrames;
    private final int contextFrames;

    public DeepFilterNetEngine(DeepFilterNetModels models, EnhancementOptions defaults, ObjectMapper mapper,
                               int chunkFrames, int contextFrames) {
        this.models = models;
        this.defaults = defaults;
        this.mapper = mapper;
        this.chunkFrames = chunkFrames;
        this.contextFrames = contextFrames;
    }

    public DeepFilterNetModels models() {
        return models;
    }

    /** The engine's chain at 48 kHz for one recording: hum removal (when asked) in front of the network. */
    public StreamingEnhancer enhancer(int channels, EnhancementOptions options) {
        StreamingEnhancer dfn = new DeepFilterNetEnhancer(models, channels, options.channelMode(),
                options.attenuationDb(), chunkFrames, contextFrames);
        return options.humRemoval() ? new HumRemovingEnhancer(dfn) : dfn;
    }

    @Override
    public Stage stage() {
        return Stage.ENHANCEMENT;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EngineResult process(EngineInput input, ProgressListener progress) {
        EnhancementOptions options = EnhancementOptions.parse(input.options(), defaults);
        return new EngineResult(run(input, options, NAME, (rate, channels) -> enhancer(channels, options), progress));
    }

    /**
     * Runs a job through an enhancer built on these models ({@code factory}; the hybrid engine's
     * too): inference failures become a retryable {@code ENGINE_ERROR}; the result JSON, under the
     * engine name {@code name}, gets {@code execution_provider}.
     */
    ObjectNode run(EngineInput input, EnhancementOptions options, String name, EnhancementPipeline.EnhancerFactory factory,
                   ProgressListener progress) {
        EnhancementPipeline.Outcome outcome;
        try {
            outcome = EnhancementPipeline.writeEnhanced(input, options, factory, progress);
        } catch (OnnxException e) {
            throw new ProcessingException(ErrorCode.ENGINE_ERROR, "DeepFilterNet3 inference failed: " + e.getMessage(),
                    true, e);
        }
        ObjectNode result = EnhancementResult.toJson(mapper, name, options, outcome);
        result.put("execution_provider", models.models().get(0).provider().id());
        return result;
    }
}
