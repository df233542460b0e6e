package org.audiomesh.common.onnx;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Publishes which execution provider each loaded model runs on, as Prometheus gauges:
 * {@code audiomesh_onnx_session{model, provider}} = 1 per loaded model, and
 * {@code audiomesh_onnx_cuda_fallback} = 1 when CUDA was asked for but the models run on the CPU.
 */
public final class OnnxMetrics {
    private OnnxMetrics() {
    }

    /** Registers the gauges of the models loaded so far (call after loading them). */
    public static void bind(MeterRegistry registry, OnnxInference inference) {
        for (OnnxModel m : inference.models()) {
            Gauge.builder("audiomesh.onnx.session", () -> 1.0)
                    .description("Loaded ONNX model and the execution provider it runs on")
                    .tags("model", m.name(), "provider", m.provider().id())
                    .register(registry);
        }
        Gauge.builder("audiomesh.onnx.cuda.fallback", inference,
                        i -> i.settings().providers().contains(ExecutionProvider.CUDA)
                                && i.cudaUnavailableReason().isPresent() ? 1.0 : 0.0)
                .description("1 when CUDA was asked for but ONNX models run on the CPU")
                .register(registry);
    }
}
