package org.audiomesh.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.JobEvent;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.contract.StageRequest;
import org.audiomesh.common.storage.BlobKey;
import org.audiomesh.common.storage.BlobStore;
import org.audiomesh.testing.KafkaTestClients;
import org.audiomesh.testing.KafkaTestResource;
import org.audiomesh.testing.RedisTestResource;
import org.audiomesh.testing.TopicTail;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coordinator against a real broker and Redis: the test plays the stage services' part by
 * reading stage requests from their topics and answering with job events, as the contract says.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobFlowTest {

    @Inject
    ContractJson json;
    @Inject
    BlobStore blobs;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL base;

    KafkaTestClients kafka;
    StagePlayer player;

    @BeforeAll
    void connect() {
        kafka = new KafkaTestClients(bootstrap);
        player = new StagePlayer(json, kafka);
    }

    @AfterAll
    void close() {
        kafka.close();
    }

    private String submit(String pipeline) throws Exception {
        return Multipart.form().file("file", "song.wav", TestAudio.toneWav(1.0, 22050, 2)).field("pipeline", pipeline).field("language", "en").post("/api/v1/jobs").statusCode(202)
                .body("status", equalTo("QUEUED")).body("pipeline", equalTo(pipeline))
                .extract().path("id");
    }

    private StageRequest awaitRequest(TopicTail tail, String jobId) {
        return player.awaitRequest(tail, jobId);
    }

    private void send(JobEvent e) {
        player.send(e);
    }

    private void complete(StageRequest r, Map<String, String> outputs, JsonNode result) {
        player.complete(r, outputs, result);
    }

    /** Answers the job's analysis request with a result naming the background noise class. */
    private void completeAnalysisWithNoise(TopicTail analysis, String jobId, String noiseClass) {
        com.fasterxml.jackson.databind.node.ObjectNode result = json.mapper().createObjectNode();
        result.putObject("noise").put("class", noiseClass).put("confidence", 0.9);
        complete(awaitRequest(analysis, jobId), Map.of(), result);
    }

    private void fail(StageRequest r, String code) {
        player.fail(r, code);
    }

    private JsonNode awaitStatus(String jobId, String status) throws Exception {
        return player.awaitStatus(jobId, status);
    }

    @Test
    void karaokeJobWithFailedSeparationTranscribesTheFullMixAndEndsPartial() throws Exception {
        try (TopicTail analysis = kafka.tail(Stage.ANALYSIS.topic());
             TopicTail separation = kafka.tail(Stage.SEPARATION.topic());
             TopicTail transcription = kafka.tail(Stage.TRANSCRIPTION.topic())) {
            String id = submit("karaoke");
            StageRequest a = awaitRequest(analysis, id);
            StageRequest s = awaitRequest(separation, id);
            assertEquals(a.input().uri(), s.input().uri(), "analysis and separation both read the upload");
            assertEquals("en", a.options().get("language"));
            assertTrue(transcription.poll(1, Duration.ofMillis(500)).stream()
                    .noneMatch(r -> r.value().contains(id)), "transcription waits for separation");

            ObjectNode result = json.mapper().createObjectNode().put("tempo_bpm", 120.0).put("time_signature", "4/4");
            result.putArray("beats").add(0.5).add(1.0);
            blobs.write(new BlobKey(id, "analysis", "analysis.json"), result.toString().getBytes());
            complete(a, Map.of("analysis.json", new BlobKey(id, "analysis", "analysis.json").uri().toString()), result);
            fail(s, "ENGINE_UNAVAILABLE");

            StageRequest t = awaitRequest(transcription, id);
            assertEquals(a.input().uri(), t.input().uri(), "without stems the full mix is transcribed");
            fail(t, "ENGINE_UNAVAILABLE");

            JsonNode job = awaitStatus(id, "PARTIAL");
            assertEquals("COMPLETED", job.path("stages").path("analysis").path("status").asText());
            assertEquals("ENGINE_UNAVAILABLE", job.path("stages").path("separation").path("error").path("code")
                    .asText());
            assertTrue(job.path("stages").path("transcription").path("degraded").asText().contains("full mix"));

            given().get("/api/v1/jobs/" + id + "/results").then().statusCode(200)
                    .body("stages.analysis.result.tempo_bpm", equalTo(120.0f))
                    .body("stages.analysis.files.'analysis.json'", equalTo("/api/v1/jobs/" + id
                            + "/files/analysis/analysis.json"));
            given().get("/api/v1/jobs/" + id + "/files/analysis/analysis.json").then().statusCode(200)
                    .body("time_signature", equalTo("4/4"));
            given().get("/api/status/" + id).then().statusCode(200)
                    .body("beat_analysis_tempo_bpm", equalTo("120.0"))
                    .body("separation_status", equalTo("FAILED"));
            given().get("/api/files/" + id + "/analysis.json").then().statusCode(200);
        }
    }

    @Test
    void karaokeJobWithStemsTranscribesTheVocalsStem() throws Exception {
        try (TopicTail separation = kafka.tail(Stage.SEPARATION.topic());
             TopicTail analysis = kafka.tail(Stage.ANALYSIS.topic());
             TopicTail transcription = kafka.tail(Stage.TRANSCRIPTION.topic())) {
            String id = submit("karaoke");
            StageRequest s = awaitRequest(separation, id);
            StageRequest a = awaitRequest(analysis, id);
            String vocals = new BlobKey(id, "stems", "vocals.wav").uri().toString();
            complete(s, Map.of("vocals.wav", vocals), json.mapper().createObjectNode());
            StageRequest t = awaitRequest(transcription, id);
            assertEquals(vocals, t.input().uri());
            complete(t, Map.of(), json.mapper().createObjectNode().put("text", "la la"));
            complete(a, Map.of(), json.mapper().createObjectNode());
            JsonNode job = awaitStatus(id, "COMPLETED");
            assertTrue(job.path("stages").path("transcription").path("degraded").isMissingNode());
        }
    }

    @Test
    void aFailedDiarizationDeliversTheTranscriptMarkedDegradedAndTheJobEndsPartial() throws Exception {
        try (TopicTail analysis = kafka.tail(Stage.ANALYSIS.topic());
             TopicTail enhancement = kafka.tail(Stage.ENHANCEMENT.topic());
             TopicTail transcription = kafka.tail(Stage.TRANSCRIPTION.topic())) {
            String id = submit("speech");
            completeAnalysisWithNoise(analysis, id, "white");
            complete(awaitRequest(enhancement, id), Map.of(), json.mapper().createObjectNode());
            StageRequest t = awaitRequest(transcription, id);
            com.fasterxml.jackson.databind.node.ObjectNode result = json.mapper().createObjectNode();
            result.putObject("diarization").put("status", "failed").put("message", "circuit breaker open");
            complete(t, Map.of(), result);
            JsonNode job = awaitStatus(id, "PARTIAL");
            assertEquals("COMPLETED", job.path("stages").path("transcription").path("status").asText());
            assertTrue(job.path("stages").path("transcription").path("degraded").asText()
                    .contains("diarization failed (circuit breaker open)"), job.toString());
        }
    }

    @Test
    void speechJobFailsWhenTranscriptionFails() throws Exception {
        try (TopicTail analysis = kafka.tail(Stage.ANALYSIS.topic());
             TopicTail enhancement = kafka.tail(Stage.ENHANCEMENT.topic());
             TopicTail transcription = kafka.tail(Stage.TRANSCRIPTION.topic())) {
            String id = submit("speech");
            completeAnalysisWithNoise(analysis, id, "babble");
            StageRequest e = awaitRequest(enhancement, id);
            assertEquals("12", e.options().get("attenuation_db"), "the speech pipeline's gentler default");
            assertEquals("off", e.options().get("burst_removal"), "bursts are left for the recogniser");
            assertEquals("babble", e.options().get("noise_hint"), "the analysis' noise class is the hint");
            fail(e, "ENGINE_UNAVAILABLE");
            StageRequest t = awaitRequest(transcription, id);
            fail(t, "ENGINE_UNAVAILABLE");
            JsonNode job = awaitStatus(id, "FAILED");
            assertTrue(job.path("stages").path("transcription").path("degraded").asText().contains("original"));
            given().get("/api/v1/jobs/" + id + "/results").then().statusCode(200)
                    .body("status", equalTo("FAILED"))
                    .body("stages.transcription.error.code", equalTo("ENGINE_UNAVAILABLE"));
        }
    }

    @Test
    void duplicateEventsChangeNothing() throws Exception {
        try (TopicTail separation = kafka.tail(Stage.SEPARATION.topic());
             TopicTail analysis = kafka.tail(Stage.ANALYSIS.topic());
             TopicTail transcription = kafka.tail(Stage.TRANSCRIPTION.topic())) {
            String id = submit("karaoke");
            StageRequest s = awaitRequest(separation, id);
            complete(s, Map.of(), json.mapper().createObjectNode());
            awaitRequest(transcription, id);
            // redelivered: the same COMPLETED again, and a late FAILED
            complete(s, Map.of(), json.mapper().createObjectNode());
            fail(s, "ENGINE_ERROR");
            List<ConsumerRecord<String, String>> more = transcription.poll(1, Duration.ofSeconds(2));
            assertTrue(more.stream().noneMatch(r -> r.value().contains(id)), "transcription dispatched twice");
            given().get("/api/v1/jobs/" + id).then().body("stages.separation.status", equalTo("COMPLETED"))
                    .body("stages.separation.attempts", equalTo(1));
            awaitRequest(analysis, id);
        }
    }

    @Test
    void eventStreamDeliversStageEventsAndEndsWithTheJob() throws Exception {
        try (TopicTail analysis = kafka.tail(Stage.ANALYSIS.topic())) {
            String id = submit("analysis");
            StageRequest a = awaitRequest(analysis, id);
            CompletableFuture<List<String>> events = CompletableFuture.supplyAsync(() -> readSse(id));
            Thread.sleep(500); // let the stream subscribe
            send(JobEvent.started(a, "test-engine", "test"));
            send(JobEvent.progress(a, 0.5, "test-engine", "test"));
            send(JobEvent.completed(a, Map.of(), json.mapper().createObjectNode(), "test-engine", "test"));
            List<String> lines = events.get(20, TimeUnit.SECONDS);
            String all = String.join("\n", lines);
            assertTrue(all.contains("event:snapshot") || all.contains("event: snapshot"), all);
            assertTrue(all.contains("\"type\":\"STARTED\""), all);
            assertTrue(all.contains("\"type\":\"PROGRESS\""), all);
            assertTrue(all.contains("\"type\":\"COMPLETED\""), all);
            assertTrue(all.contains("\"status\":\"COMPLETED\""), all);
        }
    }

    private List<String> readSse(String id) {
        List<String> lines = new ArrayList<>();
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(base + "api/v1/jobs/" + id + "/events").toURL().openConnection();
            c.setReadTimeout(20_000);
            assertEquals(200, c.getResponseCode());
            try (BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            }
        } catch (Exception e) {
            lines.add("ERROR " + e);
        }
        return lines;
    }

    @Test
    void listAndDeleteJobs() throws Exception {
        String id = submit("analysis");
        given().get("/api/v1/jobs?size=100").then().statusCode(200).body("items.id", org.hamcrest.Matchers.hasItem(id));
        given().delete("/api/v1/jobs/" + id).then().statusCode(204);
        given().get("/api/v1/jobs/" + id).then().statusCode(404).body("code", equalTo("JOB_NOT_FOUND"));
        assertTrue(blobs.list(id).isEmpty(), "files are deleted with the job");
    }

    @Test
    void limitsAndOpenApiArePublished() {
        given().get("/api/v1/limits").then().statusCode(200).body("maxUploadBytes", equalTo(1048576))
                .body("pipelines.name", org.hamcrest.Matchers.hasItems("karaoke", "speech", "analysis"));
        given().get("/q/openapi?format=json").then().statusCode(200).body("paths", notNullValue())
                // the single upload and the batch document the same stage options
                .body("paths.'/api/v1/jobs'.post.requestBody.content.'multipart/form-data'.schema.properties",
                        org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.hasKey("file"),
                                org.hamcrest.Matchers.hasKey("noise_hint"), org.hamcrest.Matchers.hasKey("beam_size")))
                .body("paths.'/api/v1/batches'.post.requestBody.content.'multipart/form-data'.schema.properties",
                        org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.hasKey("files"),
                                org.hamcrest.Matchers.hasKey("noise_hint"), org.hamcrest.Matchers.hasKey("prompt")));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("audiomesh_jobs_submitted_total"));
    }

    @Test
    void corsAllowsTheConfiguredOriginOnly() {
        given().header("Origin", "http://localhost:8080").header("Access-Control-Request-Method", "POST")
                .options("/api/v1/jobs").then().header("Access-Control-Allow-Origin", "http://localhost:8080");
        given().header("Origin", "https://evil.example").get("/api/v1/limits").then()
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void retentionRemovesExpiredJobsAndTheirFiles() throws Exception {
        String id = submit("analysis");
        var runner = io.quarkus.arc.Arc.container().instance(
                org.audiomesh.gateway.maintenance.MaintenanceRunner.class).get();
        runner.run(runner.task("retention").orElseThrow(), false, Instant.now().plus(Duration.ofDays(31)));
        given().get("/api/v1/jobs/" + id).then().statusCode(404);
        assertTrue(blobs.list(id).isEmpty());
    }
}
