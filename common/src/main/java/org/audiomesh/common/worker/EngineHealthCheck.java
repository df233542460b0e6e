package org.audiomesh.common.worker;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of a stage service's engine: which engine runs, whether it can run, and the state
 * of its circuit breaker. DOWN only while the breaker is open; a service without an installed
 * engine is ready (it answers every request with an honest {@code ENGINE_UNAVAILABLE}).
 */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = "audiomesh.worker.enabled", stringValue = "true")
public class EngineHealthCheck implements HealthCheck {
    private final StageEngine engine;
    private final CircuitBreakerMaintenance breakers;

    public EngineHealthCheck(StageEngine engine, CircuitBreakerMaintenance breakers) {
        this.engine = engine;
        this.breakers = breakers;
    }

    @Override
    public HealthCheckResponse call() {
        CircuitBreakerState state = breakers.currentState(GuardedEngineRunner.BREAKER);
        HealthCheckResponseBuilder b = HealthCheckResponse.named(engine.stage().id() + "-engine")
                .status(state != CircuitBreakerState.OPEN)
                .withData("stage", engine.stage().id())
                .withData("engine", engine.name())
                .withData("engineAvailable", engine.unavailableReason().isEmpty())
                .withData("circuitBreaker", state.name());
        engine.unavailableReason().ifPresent(r -> b.withData("unavailableReason", r));
        return b.build();
    }
}
