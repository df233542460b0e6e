package org.audiomesh.transcription.diarization;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Counts diarization runs by outcome as {@code audiomesh_diarization_runs_total{outcome}}:
 * {@code completed}, {@code failed} (the diarizer threw, or its circuit breaker was open: the
 * transcript's speakers are unknown) and {@code cancelled} (the transcription ended first). The
 * counters start at zero so the failure ratio the alerts watch exists before the first failure.
 */
public final class MeteredDiarizer implements SpeakerDiarizer {
    private final SpeakerDiarizer diarizer;
    private final Counter completed;
    private final Counter failed;
    private final Counter cancelled;

    public MeteredDiarizer(SpeakerDiarizer diarizer, MeterRegistry registry) {
        this.diarizer = diarizer;
        this.completed = counter(registry, "completed");
        this.failed = counter(registry, "failed");
        this.cancelled = counter(registry, "cancelled");
    }

    @Override
    public List<SpeakerTurn> diarize(Path audio, int numSpeakers) throws IOException {
        try {
            List<SpeakerTurn> turns = diarizer.diarize(audio, numSpeakers);
            completed.increment();
            return turns;
        } catch (CancellationException | ClosedByInterruptException | InterruptedIOException e) {
            cancelled.increment();
            throw e;
        } catch (IOException | RuntimeException | Error e) {
            if (Thread.currentThread().isInterrupted()) {
                cancelled.increment();
            } else {
                failed.increment();
            }
            throw e;
        }
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("audiomesh.diarization.runs")
                .description("Speaker diarization runs by outcome (failed: speakers left unknown)")
                .tag("outcome", outcome).register(registry);
    }
}
