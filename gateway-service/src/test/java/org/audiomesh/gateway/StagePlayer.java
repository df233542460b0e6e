package org.audiomesh.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.JobEvent;
import org.audiomesh.common.contract.StageError;
import org.audiomesh.common.contract.StageRequest;
import org.audiomesh.common.contract.Topics;
import org.audiomesh.testing.KafkaTestClients;
import org.audiomesh.testing.TopicTail;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Plays the stage services' part for the gateway's tests: reads stage requests from their topics
 * and answers with job events on the real broker, as the contract says, and waits for the job's
 * status through the API.
 */
final class StagePlayer {
    static final Duration WAIT = Duration.ofSeconds(20);

    private final ContractJson json;
    private final KafkaTestClients kafka;

    StagePlayer(ContractJson json, KafkaTestClients kafka) {
        this.json = json;
        this.kafka = kafka;
    }

    /** The request for {@code jobId} on {@code tail}'s topic; it must be keyed by the job id. */
    StageRequest awaitRequest(TopicTail tail, String jobId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : tail.poll(1, Duration.ofMillis(500))) {
                StageRequest req = json.readRequest(r.value());
                if (req.jobId().equals(jobId)) {
                    assertEquals(jobId, r.key(), "stage requests are keyed by job id");
                    return req;
                }
            }
        }
        throw new AssertionError("no " + tail.topic() + " request for job " + jobId);
    }

    void send(JobEvent e) {
        kafka.send(Topics.JOB_EVENTS, e.jobId(), json.write(e));
    }

    void complete(StageRequest r, Map<String, String> outputs, JsonNode result) {
        send(JobEvent.started(r, "test-engine", "test"));
        send(JobEvent.completed(r, outputs, result, "test-engine", "test"));
    }

    void fail(StageRequest r, String code) {
        send(JobEvent.started(r, "none", "test"));
        send(JobEvent.failed(r.jobId(), r.stage(), r.attempt(), new StageError(code, "not installed", false), "none",
                "test"));
    }

    /** {@code GET /api/v1/jobs/{id}}. */
    JsonNode status(String id) throws Exception {
        return json.mapper().readTree(given().get("/api/v1/jobs/" + id).then().statusCode(200).extract().asString());
    }

    JsonNode awaitStatus(String id, String status) throws Exception {
        return await(id, job -> status.equals(job.path("status").asText()), "job " + id + " never reached " + status);
    }

    JsonNode awaitStage(String id, String stage, String status) throws Exception {
        return await(id, job -> status.equals(job.path("stages").path(stage).path("status").asText()),
                stage + " of job " + id + " never reached " + status);
    }

    private JsonNode await(String id, java.util.function.Predicate<JsonNode> done, String failure) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode job = null;
        while (System.nanoTime() < deadline) {
            job = status(id);
            if (done.test(job)) {
                return job;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(failure + ": " + job);
    }
}
