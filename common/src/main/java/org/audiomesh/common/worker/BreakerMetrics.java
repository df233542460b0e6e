package org.audiomesh.common.worker;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Exposes the engine circuit breaker as {@code audiomesh_circuit_breaker_open{stage}} (1 open,
 * 0.5 half-open, 0 closed) for dashboards and alerts.
 */
@ApplicationScoped
@IfBuildProperty(name = "audiomesh.worker.enabled", stringValue = "true")
public class BreakerMetrics {

    void register(@Observes StartupEvent start, MeterRegistry registry, CircuitBreakerMaintenance breakers,
                  StageEngine engine) {
        Gauge.builder("audiomesh.circuit.breaker.open", breakers, b -> {
            CircuitBreakerState s = b.currentState(GuardedEngineRunner.BREAKER);
            return s == CircuitBreakerState.OPEN ? 1 : s == CircuitBreakerState.HALF_OPEN ? 0.5 : 0;
        }).tags("stage", engine.stage().id(), "engine", engine.name()).register(registry);
    }
}
