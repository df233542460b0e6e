package org.audiomesh.enhancement.dfn;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.worker.EngineInput;
import org.audiomesh.common.worker.EngineResult;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.common.worker.StageEngine;
import org.audiomesh.enhancement.engine.BlendedEnhancer;
import org.audiomesh.enhancement.engine.EnhancementOptions;
import org.audiomesh.enhancement.engine.ResamplingEnhancer;
import org.audiomesh.enhancement.engine.StatisticalEnhancer;
import org.audiomesh.enhancement.engine.StreamingEnhancer;

/**
 * The hybrid engine ({@value #NAME}): the built-in statistical enhancer at the input's own rate
 * and the DeepFilterNet3 chain of {@link DeepFilterNetEngine} (resampled to 48 kHz and back), run
 * side by side over the same stream and mixed by {@link BlendedEnhancer}: at most
 * {@code networkShare} of the network's output, less where the built-in engine judges the
 * recording clean. Per-job options apply to both. The result adds {@code execution_provider} and
 * {@code network_share}; the estimated SNR, noise type and hum are the built-in engine's.
 */
public final class HybridEnhancementEngine implements StageEngine {
    public static final String NAME = "mmse-lsa+deepfilternet3";

    private final DeepFilterNetEngine network;
    private final EnhancementOptions defaults;
    private final double networkShare;

    public HybridEnhancementEngine(DeepFilterNetEngine network, EnhancementOptions defaults, double networkShare) {
        if (!(networkShare >= 0 && networkShare <= 1)) {
            throw new IllegalArgumentException("network share must be in [0, 1]: " + networkShare);
        }
        this.network = network;
        this.defaults = defaults;
        this.networkShare = networkShare;
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
        ObjectNode result = network.run(input, options, NAME,
                (rate, channels) -> enhancer(rate, channels, options), progress);
        result.put("network_share", networkShare);
        return new EngineResult(result);
    }

    /** The engine's chain for one recording at its own rate: both enhancers and their mix. */
    public StreamingEnhancer enhancer(int rate, int channels, EnhancementOptions options) {
        return new BlendedEnhancer(new StatisticalEnhancer(rate, channels, StatisticalEnhancer.Settings.of(options)),
                ResamplingEnhancer.at(network.enhancer(channels, options), rate), networkShare);
    }
}
