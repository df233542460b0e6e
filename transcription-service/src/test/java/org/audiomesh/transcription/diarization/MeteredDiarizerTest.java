package org.audiomesh.transcription.diarization;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MeteredDiarizerTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double count(String outcome) {
        return registry.get("audiomesh.diarization.runs").tag("outcome", outcome).counter().count();
    }

    @Test
    void countersExistAtZeroBeforeTheFirstRun() {
        new MeteredDiarizer((audio, n) -> List.of(), registry);
        assertEquals(0, count("completed"));
        assertEquals(0, count("failed"));
        assertEquals(0, count("cancelled"));
    }

    @Test
    void aRunThatThrowsIsAFailureAndAnInterruptedOneIsCancelled() throws IOException {
        MeteredDiarizer ok = new MeteredDiarizer((audio, n) -> List.of(new SpeakerTurn(0, 1, "Speaker 1")), registry);
        assertEquals(1, ok.diarize(Path.of("a.wav"), 0).size());
        MeteredDiarizer broken = new MeteredDiarizer((audio, n) -> {
            throw new IllegalStateException("no speech model");
        }, registry);
        assertThrows(IllegalStateException.class, () -> broken.diarize(Path.of("a.wav"), 0));
        assertThrows(IllegalStateException.class, () -> broken.diarize(Path.of("a.wav"), 0));
        MeteredDiarizer interrupted = new MeteredDiarizer((audio, n) -> {
            throw new ClosedByInterruptException();
        }, registry);
        assertThrows(ClosedByInterruptException.class, () -> interrupted.diarize(Path.of("a.wav"), 0));
        assertEquals(1, count("completed"));
        assertEquals(2, count("failed"));
        assertEquals(1, count("cancelled"));
    }
}
