package org.audiomesh.transcription.diarization;

import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The diarizer behind its own circuit breaker ({@value #BREAKER}), apart from the recogniser's:
 * after 4 failures in a row the breaker opens for 30 s and speaker labelling is skipped at once
 * (the transcript's speakers are "Unknown Speaker", a recoverable degradation) instead of
 * failing again on every job. Its state is in the service's health
 * ({@link DiarizationHealthCheck}).
 */
@ApplicationScoped
public class GuardedDiarizer implements SpeakerDiarizer {
    public static final String BREAKER = "diarization";

    private final Diarizer diarizer = new Diarizer();

    @Override
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 1.0, delay = 30_000, successThreshold = 1,
            skipOn = {InterruptedException.class, java.nio.channels.ClosedByInterruptException.class,
                    java.util.concurrent.CancellationException.class})
    @CircuitBreakerName(BREAKER)
    public List<SpeakerTurn> diarize(Path audio, int numSpeakers) throws IOException {
        return diarizer.diarize(audio, numSpeakers);
    }
}
