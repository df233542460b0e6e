package org.audiomesh.transcription.diarization;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.worker.BreakerMetrics;
import org.audiomesh.transcription.engine.TranscriptionStage;

/**
 * Publishes the diarizer's own circuit breaker beside the recogniser's:
 * {@code audiomesh_circuit_breaker_open{stage="transcription",engine="mfcc-bic",breaker="diarization"}}.
 */
@ApplicationScoped
public class DiarizationBreakerMetrics {

    void register(@Observes StartupEvent start, MeterRegistry registry, CircuitBreakerMaintenance breakers) {
        BreakerMetrics.register(registry, breakers, GuardedDiarizer.BREAKER, Stage.TRANSCRIPTION.id(),
                TranscriptionStage.DIARIZER);
    }
}
