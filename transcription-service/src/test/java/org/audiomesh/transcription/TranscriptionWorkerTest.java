package org.audiomesh.transcription;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.audiomesh.common.audio.AudioBuffer;
import org.audiomesh.common.contract.EventType;
import org.audiomesh.common.contract.JobEvent;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.contract.StageRequest;
import org.audiomesh.common.storage.BlobKey;
import org.audiomesh.common.storage.BlobStore;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import org.audiomesh.common.worker.GuardedEngineRunner;
import org.audiomesh.testing.KafkaTestResource;
import org.audiomesh.transcription.diarization.GuardedDiarizer;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.audiomesh.testing.StageWorkerHarness;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transcription service end to end through real Kafka with the real PocketSphinx, on a real
 * recording of pocketsphinx-testdata ("he was not an ill disposed young man", 2.99 s).
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class TranscriptionWorkerTest {
    @Inject
    BlobStore blobs;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static StageRequest withOptions(StageRequest r, Map<String, String> options) {
        return StageRequest.of(r.jobId(), r.stage(), r.attempt(), r.input(), options);
    }

    @Test
    void realSpeechIsTranscribedWithWordTimesAndStored() throws Exception {
        TestAudio.pocketSphinx();
        AudioBuffer speech = new AudioBuffer(TestAudio.RATE, new float[][] {TestAudio.read(TestAudio.librivox("0880"))});
        try (StageWorkerHarness harness = new StageWorkerHarness(bootstrap, blobs, Stage.TRANSCRIPTION)) {
            String id = harness.newJobWithInput(speech);
            harness.send(withOptions(harness.request(id), Map.of("language", "en")));
            List<JobEvent> events = harness.eventsUntilTerminal(id, Duration.ofSeconds(60));
            JobEvent done = StageWorkerHarness.last(events);
            assertEquals(EventType.COMPLETED, done.type(), events.toString());
            assertEquals("pocketsphinx", done.engine());
            JsonNode r = done.result();
            assertTrue(r.get("text").asText().contains("young man"), r.toString());
            BlobKey json = new BlobKey(id, "transcription", "transcript.json");
            assertEquals(json.uri().toString(), done.outputs().get("transcript.json"));
            for (String f : List.of("transcript.srt", "transcript.vtt", "lyrics.lrc", "lyrics.ass")) {
                assertEquals(new BlobKey(id, "transcription", f).uri().toString(), done.outputs().get(f), f);
            }
            JsonNode transcript;
            try (InputStream in = blobs.open(json)) {
                transcript = harness.json.mapper().readTree(in);
            }
            JsonNode words = transcript.get("segments").get(0).get("words");
            JsonNode young = null;
            for (JsonNode s : transcript.get("segments")) {
                for (JsonNode w : s.get("words")) {
                    if (w.get("word").asText().equals("young")) {
                        young = w;
                    }
                }
            }
            assertTrue(young != null, transcript.toString());
            // "young" is spoken about 2.05 to 2.32 s into the recording
            assertEquals(2.05, young.get("start").asDouble(), 0.25);
            assertTrue(young.get("end").asDouble() > young.get("start").asDouble());
            assertTrue(words.get(0).get("start").asDouble() < 0.5, words.toString());
            for (String f : new String[] {"transcript.srt", "transcript.vtt", "lyrics.lrc", "lyrics.ass"}) {
                assertTrue(blobs.exists(new BlobKey(id, "transcription", f)), f);
            }
        }
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'transcription-engine' }.data.engine", equalTo("pocketsphinx"))
                .body("checks.find { it.name == 'transcription-engine' }.data.engineAvailable", equalTo(true))
                .body("checks.find { it.name == 'transcription-onnx' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'transcription-onnx' }.data.requestedProviders", equalTo("cuda,cpu"));
    }

    @Inject
    GuardedDiarizer diarizer;
    @Inject
    CircuitBreakerMaintenance breakers;

    @Test
    void theDiarizerHasItsOwnCircuitBreakerThatOpensAfterFourFailuresAndShowsInHealth() {
        breakers.reset(GuardedDiarizer.BREAKER);
        try {
            Path missing = Path.of("target/no-such-recording.wav");
            for (int i = 0; i < 4; i++) {
                assertThrows(IOException.class, () -> diarizer.diarize(missing, 0));
            }
            assertThrows(CircuitBreakerOpenException.class, () -> diarizer.diarize(missing, 0));
            assertEquals(CircuitBreakerState.CLOSED, breakers.currentState(GuardedEngineRunner.BREAKER),
                    "the recogniser's breaker is another one");
            given().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'diarization' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'diarization' }.data.circuitBreaker", equalTo("OPEN"))
                    .body("checks.find { it.name == 'transcription-engine' }.data.circuitBreaker", equalTo("CLOSED"));
        } finally {
            breakers.reset(GuardedDiarizer.BREAKER);
        }
    }

    @Test
    void aLanguageTheEngineDoesNotKnowFailsAsAnInvalidOption() throws Exception {
        TestAudio.pocketSphinx();
        AudioBuffer speech = new AudioBuffer(TestAudio.RATE, new float[][] {TestAudio.read(TestAudio.librivox("0880"))});
        try (StageWorkerHarness harness = new StageWorkerHarness(bootstrap, blobs, Stage.TRANSCRIPTION)) {
            String id = harness.newJobWithInput(speech);
            harness.send(withOptions(harness.request(id), Map.of("language", "fr")));
            JobEvent failed = StageWorkerHarness.last(harness.eventsUntilTerminal(id, Duration.ofSeconds(60)));
            assertEquals(EventType.FAILED, failed.type());
            assertEquals("INVALID_OPTION", failed.error().code());
            assertEquals(false, failed.error().retryable());
        }
    }
}
