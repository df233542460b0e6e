package org.audiomesh.separation;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.audiomesh.common.contract.EventType;
import org.audiomesh.common.contract.InputRef;
import org.audiomesh.common.contract.JobEvent;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.contract.StageRequest;
import org.audiomesh.common.storage.BlobStore;
import org.audiomesh.common.storage.JobIds;
import org.audiomesh.common.worker.StageEventPublisher;
import org.audiomesh.testing.KafkaTestResource;
import org.audiomesh.testing.StageWorkerHarness;
import org.audiomesh.testing.TopicTail;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The separation service through real Kafka, while no separation engine is installed. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class SeparationWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    BlobStore blobs;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    StageWorkerHarness harness;

    @BeforeEach
    void open() {
        harness = new StageWorkerHarness(bootstrap, blobs, Stage.SEPARATION);
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void everyRequestIsAnsweredWithAnHonestEngineUnavailable() throws Exception {
        String id = harness.newJobWithInput();
        harness.send(harness.request(id));
        List<JobEvent> events = harness.eventsUntilTerminal(id, WAIT);
        assertEquals(EventType.STARTED, events.get(0).type());
        JobEvent last = events.get(events.size() - 1);
        assertEquals(EventType.FAILED, last.type());
        assertEquals("ENGINE_UNAVAILABLE", last.error().code());
        assertFalse(last.error().retryable());
        assertEquals("none", last.engine());
        assertTrue(last.outputs().isEmpty(), "no invented stems");
    }

    @Test
    void poisonMessageGoesToTheDeadLetterTopicAndThePartitionKeepsFlowing() throws Exception {
        try (TopicTail dlq = harness.kafka.tail(Stage.SEPARATION.deadLetterTopic())) {
            String id = harness.newJobWithInput();
            // same key, so the poison and the good request share a partition
            harness.kafka.send(Stage.SEPARATION.topic(), id, "{not json at all");
            harness.send(harness.request(id));
            List<ConsumerRecord<String, String>> dead = dlq.poll(1, WAIT);
            assertEquals(1, dead.size());
            assertEquals("{not json at all", dead.get(0).value());
            String reason = new String(dead.get(0).headers().lastHeader(StageEventPublisher.ERROR_HEADER).value(),
                    StandardCharsets.UTF_8);
            assertTrue(reason.startsWith("POISON_MESSAGE"), reason);
            JobEvent last = lastOf(harness.eventsUntilTerminal(id, WAIT));
            assertEquals("ENGINE_UNAVAILABLE", last.error().code(), "the request behind the poison was processed");
        }
    }

    @Test
    void requestForAnotherStageIsDeadLetteredAndTheJobRecordsTheFailure() throws Exception {
        try (TopicTail dlq = harness.kafka.tail(Stage.SEPARATION.deadLetterTopic())) {
            String id = harness.newJobWithInput();
            StageRequest wrong = StageRequest.of(id, Stage.ANALYSIS, 1, harness.request(id).input(), Map.of());
            harness.kafka.send(Stage.SEPARATION.topic(), id, harness.json.write(wrong));
            assertEquals(1, dlq.poll(1, WAIT).size());
            JobEvent last = lastOf(harness.eventsUntilTerminal(id, WAIT));
            assertEquals("POISON_MESSAGE", last.error().code());
        }
    }

    @Test
    void missingInputFailsWithInputUnavailable() {
        String id = JobIds.newId();
        harness.send(StageRequest.of(id, Stage.SEPARATION, 1,
                new InputRef("blob:jobs/" + id + "/input/source.wav", "audio/wav", null, null), Map.of()));
        JobEvent last = lastOf(harness.eventsUntilTerminal(id, WAIT));
        assertEquals("INPUT_UNAVAILABLE", last.error().code());
    }

    @Test
    void inputUriOfAnotherJobIsRefused() throws Exception {
        String other = harness.newJobWithInput();
        String id = JobIds.newId();
        harness.send(StageRequest.of(id, Stage.SEPARATION, 1, harness.request(other).input(), Map.of()));
        assertEquals("INPUT_UNAVAILABLE", lastOf(harness.eventsUntilTerminal(id, WAIT)).error().code());
    }

    @Test
    void healthNamesTheEngineAndTheBreakerAndMetricsCountFailures() throws Exception {
        String id = harness.newJobWithInput();
        harness.send(harness.request(id));
        harness.eventsUntilTerminal(id, WAIT);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'separation-engine' }.data.engine", equalTo("none"))
                .body("checks.find { it.name == 'separation-engine' }.data.engineAvailable", equalTo(false))
                .body("checks.find { it.name == 'separation-engine' }.data.circuitBreaker", equalTo("CLOSED"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("audiomesh_stage_failures_total{code=\"ENGINE_UNAVAILABLE\""))
                .body(containsString("audiomesh_circuit_breaker_open{"));
    }

    private static JobEvent lastOf(List<JobEvent> events) {
        return events.get(events.size() - 1);
    }
}
