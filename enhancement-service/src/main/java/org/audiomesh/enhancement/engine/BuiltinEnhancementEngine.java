package org.audiomesh.enhancement.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.worker.EngineInput;
import org.audiomesh.common.worker.EngineResult;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.common.worker.StageEngine;

/**
 * The built-in enhancement engine ({@value #NAME}): {@link StatisticalEnhancer} at the input's
 * own rate, streamed by {@link EnhancementPipeline}; writes {@code enhancement/enhanced.wav}.
 * Needs no model files, so it is always available.
 */
public final class BuiltinEnhancementEngine implements StageEngine {
    public static final String NAME = "mmse-lsa";

    private final EnhancementOptions defaults;
    private final ObjectMapper mapper;

    public BuiltinEnhancementEngine(EnhancementOptions defaults, ObjectMapper mapper) {
        this.defaults = defaults;
        this.mapper = mapper;
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
        StatisticalEnhancer.Settings settings = StatisticalEnhancer.Settings.of(options);
        EnhancementPipeline.Outcome outcome = EnhancementPipeline.writeEnhanced(input, options,
                (rate, channels) -> new StatisticalEnhancer(rate, channels, settings), progress);
        ObjectNode result = EnhancementResult.toJson(mapper, NAME, options, outcome);
        return new EngineResult(result);
    }
}
