package org.audiomesh.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.InputRef;
import org.audiomesh.common.contract.JobEvent;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.contract.StageError;
import org.audiomesh.common.contract.StageRequest;
import org.audiomesh.common.contract.Topics;
import org.audiomesh.gateway.analytics.JobSummaries;
import org.audiomesh.gateway.analytics.JobSummary;
import org.audiomesh.testing.KafkaTestClients;
import org.audiomesh.testing.KafkaTestResource;
import org.audiomesh.testing.RedisTestResource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batches against a real broker and Redis: bad files are refused in their own entries, the
 * batch's status follows its jobs, which the test ends by publishing job events as the stage
 * services would.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    ContractJson json;
    @Inject
    JobSummaries summaries;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    KafkaTestClients kafka;

    @BeforeAll
    void connect() {
        kafka = new KafkaTestClients(bootstrap);
    }

    @AfterAll
    void close() {
        kafka.close();
    }

    private static void problem(ValidatableResponse r, int status, String code) {
        r.statusCode(status).contentType(startsWith("application/problem+json")).body("code", equalTo(code))
                .body("status", equalTo(status));
    }

    private JsonNode read(String path) throws Exception {
        return json.mapper().readTree(given().get(path).then().statusCode(200).extract().asString());
    }

    private void send(JobEvent e) {
        kafka.send(Topics.JOB_EVENTS, e.jobId(), json.write(e));
    }

    private static StageRequest analysisOf(String jobId) {
        return StageRequest.of(jobId, Stage.ANALYSIS, 1, new InputRef("file:///x", "audio/wav", null, null), Map.of());
    }

    private JsonNode awaitBatch(String id, String status) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode b = null;
        while (System.nanoTime() < deadline) {
            b = read("/api/v1/batches/" + id);
            if (status.equals(b.path("status").asText())) {
                return b;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("batch " + id + " never reached " + status + ": " + b);
    }

    @Test
    void mixOfGoodAndBadFilesEndsPartialWithEachFilesCode() throws Exception {
        byte[] wav = TestAudio.toneWav(0.5, 16000, 1);
        String body = Multipart.form()
                .file("files", "good-1.wav", wav)
                .file("files", "notes.wav", "just text, not audio\n".repeat(10).getBytes(StandardCharsets.UTF_8))
                .file("files", "good-2.wav", wav)
                .file("files", "empty.wav", new byte[0])
                .file("files", "cut.wav", Arrays.copyOf(wav, 30))
                .file("files", "../../etc/passwd.wav", wav)
                .field("pipeline", "analysis")
                .post("/api/v1/batches").statusCode(202)
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/batches/"))
                .extract().asString();
        JsonNode created = json.mapper().readTree(body);
        String batchId = created.path("batchId").asText();
        assertEquals("RUNNING", created.path("status").asText(), "two jobs have not ended yet");
        JsonNode files = created.path("files");
        assertEquals(6, files.size());
        String good1 = files.get(0).path("jobId").asText();
        String good2 = files.get(2).path("jobId").asText();
        assertTrue(good1.length() == 36 && good2.length() == 36, created.toString());
        assertEquals("QUEUED", files.get(0).path("status").asText());
        refused(files.get(1), 415, "UNSUPPORTED_FORMAT");
        refused(files.get(3), 400, "EMPTY_FILE");
        refused(files.get(4), 422, "CORRUPT_AUDIO");
        refused(files.get(5), 400, "INVALID_FILE_NAME");
        given().get("/api/v1/jobs/" + good1).then().statusCode(200).body("pipeline", equalTo("analysis"));

        StageRequest a1 = analysisOf(good1);
        send(JobEvent.started(a1, "beat-dp", "test"));
        send(JobEvent.completed(a1, Map.of(), json.mapper().readTree(
                "{\"tempo_bpm\":120.0,\"noise\":{\"class\":\"music\"}}"), "beat-dp", "test"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!"COMPLETED".equals(read("/api/v1/jobs/" + good1).path("status").asText())) {
            assertTrue(System.nanoTime() < deadline, "job " + good1 + " never completed");
            Thread.sleep(50);
        }
        JsonNode stillRunning = read("/api/v1/batches/" + batchId);
        assertEquals("RUNNING", stillRunning.path("status").asText(), "one job has not ended: " + stillRunning);
        assertEquals("COMPLETED", stillRunning.path("files").get(0).path("status").asText());

        StageRequest a2 = analysisOf(good2);
        send(JobEvent.started(a2, "beat-dp", "test"));
        send(JobEvent.failed(good2, Stage.ANALYSIS, 1, new StageError("ENGINE_ERROR", "boom", false), "beat-dp",
                "test"));

        JsonNode done = awaitBatch(batchId, "PARTIAL");
        assertEquals("COMPLETED", done.path("files").get(0).path("status").asText());
        assertEquals("FAILED", done.path("files").get(2).path("status").asText());
        assertEquals("ENGINE_ERROR", done.path("files").get(2).path("code").asText());
        assertEquals("UNSUPPORTED_FORMAT", done.path("files").get(1).path("code").asText());
        assertEquals(4, done.path("counts").path("refused").asInt());
        assertEquals(1, done.path("counts").path("completed").asInt());
        assertEquals(1, done.path("counts").path("failed").asInt());

        // every ended job left its summary, with the analysis stage's noise class
        JobSummary s1 = summaries.find(good1).orElseThrow();
        assertEquals("music", s1.noiseClass());
        assertEquals("beat-dp", s1.stages().get(0).engine());
        JobSummary s2 = summaries.find(good2).orElseThrow();
        assertEquals(java.util.List.of("ENGINE_ERROR"), s2.errorCodes());
        assertEquals(null, s2.noiseClass());

        // the batch outlives a job the client deleted: its status comes from the summary
        given().delete("/api/v1/jobs/" + good2).then().statusCode(204);
        JsonNode after = read("/api/v1/batches/" + batchId);
        assertEquals("PARTIAL", after.path("status").asText());
        assertEquals("FAILED", after.path("files").get(2).path("status").asText());
    }

    private static void refused(JsonNode entry, int status, String code) {
        assertEquals("REFUSED", entry.path("status").asText(), entry.toString());
        assertTrue(entry.path("jobId").isNull(), entry.toString());
        assertEquals(status, entry.path("httpStatus").asInt(), entry.toString());
        assertEquals(code, entry.path("code").asText(), entry.toString());
    }

    @Test
    void aBatchTakesTheSameStageOptionsAsASingleUpload() throws Exception {
        byte[] wav = TestAudio.toneWav(0.2, 16000, 1);
        String body = Multipart.form().file("files", "a.wav", wav).field("pipeline", "speech")
                .field("noise_hint", "babble").field("prompt", "Quarkus, Kafka").field("beam_size", "3")
                .field("attenuation_db", "12").post("/api/v1/batches").statusCode(202).extract().asString();
        String jobId = json.mapper().readTree(body).path("files").get(0).path("jobId").asText();
        JsonNode options = read("/api/v1/jobs/" + jobId).path("options");
        assertEquals("babble", options.path("noise_hint").asText(), options.toString());
        assertEquals("Quarkus, Kafka", options.path("prompt").asText(), options.toString());
        assertEquals("3", options.path("beam_size").asText(), options.toString());
        assertEquals("12", options.path("attenuation_db").asText(), options.toString());
    }

    @Test
    void batchOfOnlyBadFilesIsFailedAtOnce() {
        Multipart.form().file("files", "a.txt", "text".getBytes(StandardCharsets.UTF_8))
                .file("files", "b.wav", new byte[0]).field("pipeline", "speech")
                .post("/api/v1/batches").statusCode(202).body("status", equalTo("FAILED"))
                .body("files[0].code", equalTo("UNSUPPORTED_FORMAT")).body("files[1].code", equalTo("EMPTY_FILE"));
    }

    @Test
    void badBatchesAreProblems() throws Exception {
        byte[] wav = TestAudio.toneWav(0.2, 16000, 1);
        problem(Multipart.form().field("pipeline", "analysis").post("/api/v1/batches"), 400, "EMPTY_BATCH");
        Multipart tooMany = Multipart.form();
        for (int i = 0; i < 7; i++) {
            tooMany.file("files", "f" + i + ".wav", wav);
        }
        problem(tooMany.post("/api/v1/batches"), 400, "TOO_MANY_FILES");
        problem(Multipart.form().file("files", "a.wav", wav).field("pipeline", "remix").post("/api/v1/batches"), 400,
                "UNKNOWN_PIPELINE");
        problem(Multipart.form().file("files", "a.wav", wav).field("pipeline", "speech").field("num_speakers", "x")
                .post("/api/v1/batches"), 400, "INVALID_OPTION");
        problem(Multipart.form().file("files", "a.wav", wav).field("pipeline", "speech").field("noise_hint", "traffic")
                .post("/api/v1/batches"), 400, "INVALID_OPTION");
        problem(Multipart.form().file("files", "a.wav", wav).field("pipeline", "speech").field("beam_size", "11")
                .post("/api/v1/batches"), 400, "INVALID_OPTION");
        problem(Multipart.form().file("files", "a.wav", wav).field("pipeline", "speech").field("prompt", "x".repeat(2001))
                .post("/api/v1/batches"), 400, "INVALID_OPTION");
        problem(Multipart.form().file("files", "big.wav", new byte[2_000_000]).post("/api/v1/batches"), 413,
                "FILE_TOO_LARGE");
        problem(given().get("/api/v1/batches/" + java.util.UUID.randomUUID()).then(), 404, "BATCH_NOT_FOUND");
        problem(given().get("/api/v1/batches/not-an-id").then(), 404, "BATCH_NOT_FOUND");
        problem(given().multiPart("files", "a.wav", wav).post("/api/v1/batches").then(), 411, "LENGTH_REQUIRED");
    }

    @Test
    void oneFileOverTheUploadLimitIsRefusedAloneInsideTheBatchLimit() throws Exception {
        byte[] big = TestAudio.toneWav(33, 16000, 1); // ~1.06 MB: over the 1 MiB upload limit, under the batch limit
        Multipart.form().file("files", "long.wav", big).file("files", "ok.wav", TestAudio.toneWav(0.2, 16000, 1))
                .field("pipeline", "analysis").post("/api/v1/batches").statusCode(202)
                .body("files[0].httpStatus", equalTo(413)).body("files[0].code", equalTo("FILE_TOO_LARGE"))
                .body("files[1].status", equalTo("QUEUED"));
    }
}
