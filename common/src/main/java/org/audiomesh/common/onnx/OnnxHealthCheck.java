package org.audiomesh.common.onnx;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.common.worker.StageEngine;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness data on ONNX inference ({@code <stage>-onnx}, e.g. {@code enhancement-onnx}) of a
 * stage service that runs ONNX models ({@code audiomesh.onnx.health=true} at build time): the
 * providers asked for, those the ONNX Runtime build offers, the provider each loaded model runs
 * on, and why CUDA is not used when it was asked for. Always UP: running on the CPU is a degraded
 * but working state.
 */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "audiomesh.onnx.health", stringValue = "true")
public class OnnxHealthCheck implements HealthCheck {
    private final OnnxInference onnx;
    private final StageEngine engine;

    public OnnxHealthCheck(OnnxInference onnx, StageEngine engine) {
        this.onnx = onnx;
        this.engine = engine;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(engine.stage().id() + "-onnx").up()
                .withData("engine", engine.name())
                .withData("requestedProviders", String.join(",", onnx.settings().providers().stream()
                        .map(p -> p.id()).toList()))
                .withData("modelsLoaded", onnx.models().size());
        if (!onnx.models().isEmpty()) { // asking ONNX Runtime loads its native library
            b.withData("compiledProviders", String.join(",", OnnxInference.compiledProviders()));
        }
        for (OnnxModel m : onnx.models()) {
            b.withData("provider." + m.name(), m.provider().id());
        }
        onnx.cudaUnavailableReason().ifPresent(r -> b.withData("cudaUnavailable", r));
        return b.build();
    }
}
