package org.audiomesh.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.JobEvent;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.contract.StageRequest;
import org.audiomesh.gateway.job.JobState;
import org.audiomesh.gateway.job.JobStore;
import org.audiomesh.gateway.pipeline.StageWatchdog;
import org.audiomesh.testing.KafkaTestClients;
import org.audiomesh.testing.KafkaTestResource;
import org.audiomesh.testing.RedisTestResource;
import org.audiomesh.testing.TopicTail;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stage watchdog against a real broker and Redis: the test plays the stage services, lets a
 * stage fall silent, and looks with the watchdog from a moment past the stage's limit.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StageWatchdogTest {

    @Inject
    ContractJson json;
    @Inject
    StageWatchdog watchdog;
    @Inject
    JobStore jobs;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

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

    @Test
    void theLimitOfSilenceGrowsWithTheAudioAndIsCapped() {
        // defaults: 5 min + 5 s per second of audio, at most 6 h
        assertEquals(Duration.ofMinutes(5), watchdog.runningLimit(0));
        assertEquals(Duration.ofMinutes(5).plusSeconds(900), watchdog.runningLimit(180));
        assertEquals(Duration.ofHours(6), watchdog.runningLimit(10 * 3600));
    }

    @Test
    void silentRunningSeparationIsTimedOutAndTheKaraokeJobDegradesToPartial() throws Exception {
        try (TopicTail analysis = kafka.tail(Stage.ANALYSIS.topic());
             TopicTail separation = kafka.tail(Stage.SEPARATION.topic());
             TopicTail transcription = kafka.tail(Stage.TRANSCRIPTION.topic())) {
            String id = submit("karaoke");
            StageRequest a = awaitRequest(analysis, id);
            StageRequest s = awaitRequest(separation, id);
            send(JobEvent.started(a, "beat-dp", "test"));
            send(JobEvent.completed(a, Map.of(), json.mapper().createObjectNode(), "beat-dp", "test"));
            send(JobEvent.started(s, "builtin", "test"));
            send(JobEvent.progress(s, 0.3, "builtin", "test"));
            JsonNode running = awaitStage(id, "separation", "RUNNING");
            awaitStage(id, "analysis", "COMPLETED");

            JobState job = new JobState(id, jobs.find(id).orElseThrow());
            assertTrue(watchdog.overdue(job, Instant.now()).isEmpty(), "a stage that just spoke is not overdue");
            Duration limit = watchdog.runningLimit(running.path("input").path("durationSeconds").asDouble(1.0));
            List<StageWatchdog.Overdue> late = watchdog.overdue(job, Instant.now().plus(limit).plusSeconds(2));
            assertEquals(1, late.size(), late.toString());
            assertEquals(Stage.SEPARATION, late.get(0).stage());

            List<StageWatchdog.Overdue> timedOut = watchdog.look(Instant.now().plus(limit).plusSeconds(2));
            assertTrue(timedOut.stream().anyMatch(o -> o.jobId().equals(id) && o.stage() == Stage.SEPARATION),
                    timedOut.toString());
            JsonNode failed = awaitStage(id, "separation", "FAILED");
            JsonNode error = failed.path("stages").path("separation").path("error");
            assertEquals("STAGE_TIMEOUT", error.path("code").asText(), failed.toString());
            assertTrue(error.path("retryable").asBoolean());
            assertTrue(error.path("message").asText().contains("watchdog"), error.toString());

            StageRequest t = awaitRequest(transcription, id);
            assertEquals(a.input().uri(), t.input().uri(), "without stems the full mix is transcribed");
            send(JobEvent.started(t, "pocketsphinx", "test"));
            send(JobEvent.completed(t, Map.of(), json.mapper().createObjectNode().put("text", "la"), "pocketsphinx",
                    "test"));
            JsonNode done = awaitStatus(id, "PARTIAL");
            assertTrue(done.path("stages").path("transcription").path("degraded").asText().contains("full mix"));

            // the worker comes back and finishes late: the recorded timeout stands, nothing changes
            send(JobEvent.completed(s, Map.of("vocals.wav", "blob:jobs/" + id + "/stems/vocals.wav"),
                    json.mapper().createObjectNode(), "builtin", "test"));
            Thread.sleep(1000);
            JsonNode after = player.status(id);
            assertEquals("PARTIAL", after.path("status").asText());
            assertEquals("FAILED", after.path("stages").path("separation").path("status").asText());
            assertTrue(watchdog.look(Instant.now().plus(Duration.ofDays(1))).stream()
                    .noneMatch(o -> o.jobId().equals(id)), "an ended job is not looked at again");
        }
    }

    @Test
    void stageNeverPickedUpIsTimedOutAfterTheQueuedLimit() throws Exception {
        try (TopicTail analysis = kafka.tail(Stage.ANALYSIS.topic());
             TopicTail enhancement = kafka.tail(Stage.ENHANCEMENT.topic());
             TopicTail transcription = kafka.tail(Stage.TRANSCRIPTION.topic())) {
            String id = submit("speech");
            StageRequest a = awaitRequest(analysis, id); // the speech pipeline's first stage
            send(JobEvent.started(a, "beat-dp", "test"));
            send(JobEvent.completed(a, Map.of(), json.mapper().createObjectNode(), "beat-dp", "test"));
            awaitRequest(enhancement, id);
            JobState job = new JobState(id, jobs.find(id).orElseThrow());
            assertTrue(watchdog.overdue(job, Instant.now().plus(Duration.ofMinutes(119))).isEmpty());
            watchdog.look(Instant.now().plus(Duration.ofHours(2)).plusSeconds(5));
            JsonNode failed = awaitStage(id, "enhancement", "FAILED");
            assertEquals("STAGE_TIMEOUT", failed.path("stages").path("enhancement").path("error").path("code").asText());
            assertTrue(failed.path("stages").path("enhancement").path("error").path("message").asText()
                    .contains("not picked up"));
            StageRequest t = awaitRequest(transcription, id);
            send(JobEvent.started(t, "pocketsphinx", "test"));
            send(JobEvent.completed(t, Map.of(), json.mapper().createObjectNode(), "pocketsphinx", "test"));
            JsonNode done = awaitStatus(id, "PARTIAL");
            assertTrue(done.path("stages").path("transcription").path("degraded").asText().contains("original"));
        }
    }

    private String submit(String pipeline) throws Exception {
        return Multipart.form().file("file", "song.wav", TestAudio.toneWav(1.0, 22050, 2)).field("pipeline", pipeline)
                .post("/api/v1/jobs").statusCode(202).extract().path("id");
    }

    private StageRequest awaitRequest(TopicTail tail, String jobId) {
        return player.awaitRequest(tail, jobId);
    }

    private void send(JobEvent e) {
        player.send(e);
    }

    private JsonNode awaitStage(String id, String stage, String status) throws Exception {
        return player.awaitStage(id, stage, status);
    }

    private JsonNode awaitStatus(String id, String status) throws Exception {
        return player.awaitStatus(id, status);
    }
}
