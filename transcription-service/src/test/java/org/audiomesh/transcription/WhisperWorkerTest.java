package org.audiomesh.transcription;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.audiomesh.common.audio.AudioBuffer;
import org.audiomesh.common.contract.EventType;
import org.audiomesh.common.contract.JobEvent;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.contract.StageRequest;
import org.audiomesh.common.storage.BlobStore;
import org.audiomesh.testing.KafkaTestResource;
import org.audiomesh.testing.StageWorkerHarness;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service with the Whisper ONNX engine (the small random-weight export of the test
 * resources, layout A) through real Kafka: the language is detected, Silero VAD picks the
 * speech, the words come back timed, and options the model cannot honour fail cleanly.
 */
@QuarkusTest
@TestProfile(WhisperWorkerTest.WhisperEngine.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class WhisperWorkerTest {
    public static class WhisperEngine implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("audiomesh.transcription.engine", "whisper",
                    "audiomesh.transcription.whisper.model-dir", "src/test/resources/whisper/layout-a",
                    "audiomesh.onnx.providers", "cuda,cpu");
        }
    }

    @Inject
    BlobStore blobs;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static StageRequest withOptions(StageRequest r, Map<String, String> options) {
        return StageRequest.of(r.jobId(), r.stage(), r.attempt(), r.input(), options);
    }

    @Test
    void speechInSilenceIsTranscribedByWhisperWithTheLanguageDetectedAndOnlyTheSpeechDecoded() throws Exception {
        float[] speech = TestAudio.read(Path.of("src/test/resources/whisper/speech.wav"));
        float[] audio = TestAudio.place(List.of(speech), new double[]{4.0}, 4.0 + speech.length / 16000.0 + 3.0);
        try (StageWorkerHarness harness = new StageWorkerHarness(bootstrap, blobs, Stage.TRANSCRIPTION)) {
            String id = harness.newJobWithInput(new AudioBuffer(TestAudio.RATE, new float[][] {audio}));
            harness.send(withOptions(harness.request(id), Map.of("beam_size", "2")));
            List<JobEvent> events = harness.eventsUntilTerminal(id, Duration.ofSeconds(120));
            JobEvent done = StageWorkerHarness.last(events);
            assertEquals(EventType.COMPLETED, done.type(), events.toString());
            assertEquals("whisper", done.engine());
            JsonNode r = done.result();
            assertEquals("silero-vad", r.get("vad").asText());
            assertEquals("hf-optimum", r.get("model_layout").asText());
            assertEquals("cross-attention-dtw", r.get("word_timing").asText());
            assertEquals(2, r.get("beam_size").asInt());
            assertTrue(r.get("language_probabilities").size() > 0, r.toString());
            assertEquals(r.get("language").asText(), r.get("language_probabilities").fieldNames().next());
            double speechSeconds = r.get("speech_seconds").asDouble();
            assertTrue(speechSeconds > 1 && speechSeconds < 8, "only the speech is decoded: " + r);
            assertTrue(r.get("chunks").asInt() >= 1);
        }
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'transcription-engine' }.data.engine", equalTo("whisper"));
    }

    @Test
    void aLanguageTheModelDoesNotKnowFailsAsAnInvalidOption() throws Exception {
        float[] speech = TestAudio.read(Path.of("src/test/resources/whisper/speech.wav"));
        try (StageWorkerHarness harness = new StageWorkerHarness(bootstrap, blobs, Stage.TRANSCRIPTION)) {
            String id = harness.newJobWithInput(new AudioBuffer(TestAudio.RATE, new float[][] {speech}));
            harness.send(withOptions(harness.request(id), Map.of("language", "xx")));
            JobEvent failed = StageWorkerHarness.last(harness.eventsUntilTerminal(id, Duration.ofSeconds(60)));
            assertEquals(EventType.FAILED, failed.type());
            assertEquals("INVALID_OPTION", failed.error().code());
            assertTrue(failed.error().message().contains("does not know language 'xx'"), failed.error().message());
        }
    }
}
