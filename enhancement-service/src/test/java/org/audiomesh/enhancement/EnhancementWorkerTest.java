package org.audiomesh.enhancement;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.audiomesh.common.contract.EventType;
import org.audiomesh.common.contract.JobEvent;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.storage.BlobStore;
import org.audiomesh.testing.KafkaTestResource;
import org.audiomesh.testing.StageWorkerHarness;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The enhancement service consumes its topic and, with no engine installed, fails honestly. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class EnhancementWorkerTest {
    @Inject
    BlobStore blobs;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void requestIsAnsweredWithEngineUnavailableAndTheServiceStaysReady() throws Exception {
        try (StageWorkerHarness harness = new StageWorkerHarness(bootstrap, blobs, Stage.ENHANCEMENT)) {
            String id = harness.newJobWithInput();
            harness.send(harness.request(id));
            List<JobEvent> events = harness.eventsUntilTerminal(id, Duration.ofSeconds(30));
            assertEquals(EventType.STARTED, events.get(0).type());
            assertEquals("ENGINE_UNAVAILABLE", StageWorkerHarness.last(events).error().code());
        }
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'enhancement-engine' }.data.engineAvailable", equalTo(false));
    }
}
