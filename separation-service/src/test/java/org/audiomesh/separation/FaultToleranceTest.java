package org.audiomesh.separation;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.audiomesh.common.contract.EventType;
import org.audiomesh.common.contract.JobEvent;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.storage.BlobStore;
import org.audiomesh.testing.KafkaTestResource;
import org.audiomesh.testing.StageWorkerHarness;
import org.audiomesh.testing.TopicTail;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retries with backoff on retryable failures, a time budget, idempotent redelivery, and the
 * circuit breaker opening after repeated failures (visible in health), through real Kafka.
 */
@QuarkusTest
@TestProfile(FaultToleranceTest.Scripted.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceTest {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String RUN = "org.audiomesh.common.worker.GuardedEngineRunner/run/";

    public static class Scripted implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(ScriptedEngine.class);
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(RUN + "Retry/delay", "50", RUN + "ExponentialBackoff/maxDelay", "400",
                    RUN + "CircuitBreaker/delay", "60000",
                    "audiomesh.worker.timeout-base", "PT1S", "audiomesh.worker.timeout-per-audio-second", "0");
        }
    }

    @Inject
    ScriptedEngine engine;
    @Inject
    BlobStore blobs;
    @Inject
    CircuitBreakerMaintenance breakers;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    StageWorkerHarness harness;

    @BeforeEach
    void open() {
        harness = new StageWorkerHarness(bootstrap, blobs, Stage.SEPARATION);
        breakers.resetAll(); // each test starts with a closed breaker and an empty failure window
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    @Order(1)
    void retryableFailuresAreRetriedUntilTheEngineSucceeds() throws Exception {
        engine.script(ScriptedEngine.Mode.FAIL_THEN_SUCCEED, 2);
        String id = harness.newJobWithInput();
        harness.send(harness.request(id));
        List<JobEvent> events = harness.eventsUntilTerminal(id, WAIT);
        JobEvent last = events.get(events.size() - 1);
        assertEquals(EventType.COMPLETED, last.type(), events.toString());
        assertEquals(3, engine.calls(), "two failures, then success");
        assertEquals(new org.audiomesh.common.storage.BlobKey(id, "stems", "vocals.wav").uri().toString(),
                last.outputs().get("vocals.wav"));
    }

    @Test
    @Order(2)
    void redeliveredRequestIsAnsweredFromTheStoredResultWithoutRunningAgain() throws Exception {
        engine.script(ScriptedEngine.Mode.FAIL_THEN_SUCCEED, 0);
        String id = harness.newJobWithInput();
        harness.send(harness.request(id));
        JobEvent first = last(harness.eventsUntilTerminal(id, WAIT));
        harness.send(harness.request(id)); // at-least-once: the same request again
        JobEvent again = last(harness.eventsUntilTerminal(id, WAIT));
        assertEquals(EventType.COMPLETED, again.type());
        assertEquals(first.outputs(), again.outputs());
        assertEquals(1, engine.calls(), "the engine ran once");
    }

    @Test
    @Order(3)
    void stageRunningPastItsBudgetFailsWithStageTimeout() throws Exception {
        engine.script(ScriptedEngine.Mode.STALL, 0);
        try (TopicTail dlq = harness.kafka.tail(Stage.SEPARATION.deadLetterTopic())) {
            String id = harness.newJobWithInput();
            harness.send(harness.request(id));
            JobEvent last = last(harness.eventsUntilTerminal(id, WAIT));
            assertEquals("STAGE_TIMEOUT", last.error().code());
            assertTrue(last.error().retryable());
            assertEquals(4, engine.calls(), "first try and three retries");
            assertEquals(1, dlq.poll(1, WAIT).size(), "a request that keeps failing is dead-lettered");
        }
    }

    @Test
    @Order(4)
    void repeatedFailuresOpenTheCircuitBreakerAndHealthSaysSo() throws Exception {
        engine.script(ScriptedEngine.Mode.ALWAYS_FAIL, 0);
        String first = harness.newJobWithInput();
        harness.send(harness.request(first));
        assertEquals("ENGINE_ERROR", last(harness.eventsUntilTerminal(first, WAIT)).error().code());
        String second = harness.newJobWithInput();
        harness.send(harness.request(second));
        JobEvent rejected = last(harness.eventsUntilTerminal(second, WAIT));
        assertEquals("CIRCUIT_OPEN", rejected.error().code());
        assertEquals(4, engine.calls(), "the open breaker keeps the engine from being called");
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks.find { it.name == 'separation-engine' }.data.circuitBreaker", equalTo("OPEN"));
        breakers.resetAll();
        given().get("/q/health/ready").then().statusCode(200);
    }

    private static JobEvent last(List<JobEvent> events) {
        return events.get(events.size() - 1);
    }
}
