package org.audiomesh.transcription.diarization;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The diarizer's circuit breaker in readiness: always UP (a failing diarizer only costs the
 * speaker labels), with the breaker's state as data so dashboards and operators see it.
 */
@Readiness
@ApplicationScoped
public class DiarizationHealthCheck implements HealthCheck {
    private final CircuitBreakerMaintenance breakers;

    public DiarizationHealthCheck(CircuitBreakerMaintenance breakers) {
        this.breakers = breakers;
    }

    @Override
    public HealthCheckResponse call() {
        CircuitBreakerState state = breakers.currentState(GuardedDiarizer.BREAKER);
        return HealthCheckResponse.named("diarization")
                .up()
                .withData("engine", "mfcc-bic")
                .withData("circuitBreaker", state.name())
                .build();
    }
}
