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
 * Exposes the engine circuit breaker as {@code audiomesh_circuit_breaker_open{stage,engine,breaker}}
 * (1 open, 0.5 half-open, 0 closed) for dashboards and alerts, and registers the worker's
 * zero-valued counters ({@link WorkerMetrics#ready}). A service with a breaker of its own (the
 * diarizer) publishes it with {@link #register(MeterRegistry, CircuitBreakerMaintenance, String, String, String)}.
 */
@ApplicationScoped
@IfBuildProperty(name = "audiomesh.worker.enabled", stringValue = "true")
public class BreakerMetrics {

    void register(@Observes StartupEvent start, MeterRegistry registry, CircuitBreakerMaintenance breakers,
                  StageEngine engine, WorkerMetrics metrics) {
        register(registry, breakers, GuardedEngineRunner.BREAKER, engine.stage().id(), engine.name());
        metrics.ready(engine.stage(), engine.name());
    }

    /** Publishes the state of the named breaker as {@code audiomesh_circuit_breaker_open}. */
    public static void register(MeterRegistry registry, CircuitBreakerMaintenance breakers, String breaker,
                                String stage, String engine) {
        Gauge.builder("audiomesh.circuit.breaker.open", breakers, b -> {
            CircuitBreakerState s = b.currentState(breaker);
            return s == CircuitBreakerState.OPEN ? 1 : s == CircuitBreakerState.HALF_OPEN ? 0.5 : 0;
        }).description("Circuit breaker state: 1 open, 0.5 half-open, 0 closed")
                .tags("stage", stage, "engine", engine, "breaker", breaker).register(registry);
    }
}
