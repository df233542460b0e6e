package org.audiomesh.analysis.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.audiomesh.common.audio.AudioBuffer;
import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.audio.WavReader;
import org.audiomesh.common.contract.EventType;
import org.audiomesh.common.contract.JobEvent;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.storage.BlobKey;
import org.audiomesh.common.storage.BlobStore;
import org.audiomesh.testing.KafkaTestResource;
import org.audiomesh.testing.StageWorkerHarness;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The analysis service end to end through real Kafka, on the rendered 100 BPM drum loop. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class AnalysisWorkerTest {
    @Inject
    BlobStore blobs;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void drumLoopRequestCompletesWithTempoBeatsMeterKeyLoudnessAndAStoredAnalysisJson() throws Exception {
        AudioBuffer loop;
        try (InputStream in = getClass().getResourceAsStream("/audio/drum-loop-100bpm.wav");
             AudioSource source = WavReader.open(in)) {
            loop = AudioFiles.readAll(source);
        }
        try (StageWorkerHarness harness = new StageWorkerHarness(bootstrap, blobs, Stage.ANALYSIS)) {
            String id = harness.newJobWithInput(loop);
            harness.send(harness.request(id));
            List<JobEvent> events = harness.eventsUntilTerminal(id, Duration.ofSeconds(60));
            JobEvent done = StageWorkerHarness.last(events);
            assertEquals(EventType.COMPLETED, done.type(), events.toString());
            assertEquals(MusicAnalysisStage.NAME, done.engine());
            JsonNode r = done.result();
            assertEquals(100.0, r.get("tempo_bpm").asDouble(), 4.0);
            assertEquals("4/4", r.get("time_signature").asText());
            assertTrue(r.get("beats").size() >= 18, r.toString());
            assertEquals(22050, r.get("sample_rate").asInt());
            assertEquals(1, r.get("channels").asInt());
            assertTrue(r.get("tempo_curve").size() >= 3, r.toString());
            assertTrue(r.has("key") && r.has("mode") && r.has("key_confidence"), r.toString());
            assertTrue(r.get("loudness").get("integrated_lufs").isNumber(), r.toString());
            assertTrue(r.get("loudness").get("true_peak_dbtp").asDouble() <= 0.0, r.toString());
            JsonNode noise = r.get("noise");
            assertTrue(noise != null && noise.get("class").isTextual(), r.toString());
            assertTrue(noise.get("confidence").asDouble() > 0 && noise.get("confidence").asDouble() <= 1, noise.toString());
            assertEquals(9, noise.get("probabilities").size(), noise.toString());
            assertTrue(noise.get("events").size() >= 1, noise.toString());
            JsonNode event = noise.get("events").get(0);
            assertTrue(event.has("start") && event.has("end") && event.has("class") && event.has("confidence"),
                    event.toString());
            BlobKey json = new BlobKey(id, "analysis", "analysis.json");
            assertEquals(json.uri().toString(), done.outputs().get("analysis.json"));
            try (InputStream in = blobs.open(json)) {
                assertEquals(r.get("tempo_bpm").asDouble(),
                        harness.json.mapper().readTree(in).get("tempo_bpm").asDouble(), 1e-9);
            }
        }
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'analysis-engine' }.data.engine", equalTo("beat-dp"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("audiomesh_stage_realtime_factor"));
    }
}
