package org.audiomesh.separation;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.audiomesh.common.audio.AudioBuffer;
import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.contract.EventType;
import org.audiomesh.common.contract.InputRef;
import org.audiomesh.common.contract.JobEvent;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.contract.StageRequest;
import org.audiomesh.common.storage.BlobKey;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The separation service with its built-in engine, through real Kafka. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class SeparationWorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int RATE = 44100;

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

    private static double voice(int frame, int channel) {
        return harmonicTone((double) frame / RATE, 330);
    }

    private static double sideInstrument(int frame, int channel) {
        return channel == 0 ? harmonicTone((double) frame / RATE, 523.25) : 0;
    }

    private static double harmonicTone(double t, double f0) {
        double x = 0;
        for (int h = 1; h <= 6; h++) {
            x += Math.sin(2 * Math.PI * h * f0 * t) / h;
        }
        return 0.15 * x;
    }

    /** A centre-panned "voice" (the same harmonic tone left and right), an instrument only on the left, clicks. */
    private static AudioBuffer song(int frames) {
        float[][] s = new float[2][frames];
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < frames; i++) {
                s[c][i] = (float) (voice(i, c) + sideInstrument(i, c) + (i % (RATE / 2) == 100 ? 0.5 : 0));
            }
        }
        return new AudioBuffer(RATE, s);
    }

    private AudioBuffer stored(String uri) throws Exception {
        try (AudioSource source = AudioFiles.open(blobs.localFile(BlobKey.parse(uri)))) {
            return AudioFiles.readAll(source);
        }
    }

    @Test
    void theBuiltInEngineWritesStemsThatAddUpToTheMixWithTheVoiceInVocals() throws Exception {
        AudioBuffer input = song(3 * RATE + 77);
        String id = harness.newJobWithInput(input);
        harness.send(harness.request(id));
        List<JobEvent> events = harness.eventsUntilTerminal(id, WAIT);
        assertEquals(EventType.STARTED, events.get(0).type());
        JobEvent last = lastOf(events);
        assertEquals(EventType.COMPLETED, last.type(), events.toString());
        assertEquals("builtin", last.engine());
        assertEquals(Set.of("vocals.wav", "drums.wav", "bass.wav", "other.wav", "instrumental.wav"), last.outputs().keySet());
        assertEquals(new BlobKey(id, "stems", "vocals.wav").uri().toString(), last.outputs().get("vocals.wav"));

        AudioBuffer mix = stored(harness.request(id).input().uri()); // the input as stored (16-bit)
        Map<String, AudioBuffer> stems = new HashMap<>();
        for (Map.Entry<String, String> output : last.outputs().entrySet()) {
            AudioBuffer stem = stored(output.getValue());
            assertEquals(RATE, stem.sampleRate(), output.getKey());
            assertEquals(2, stem.channels(), output.getKey());
            assertEquals(input.frames(), stem.frames(), output.getKey());
            stems.put(output.getKey().replace(".wav", ""), stem);
        }
        double worst = 0;
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < mix.frames(); i++) {
                double sum = stems.get("vocals").samples()[c][i] + stems.get("drums").samples()[c][i]
                        + stems.get("bass").samples()[c][i] + stems.get("other").samples()[c][i];
                worst = Math.max(worst, Math.abs(sum - mix.samples()[c][i]));
                worst = Math.max(worst, Math.abs(stems.get("vocals").samples()[c][i]
                        + stems.get("instrumental").samples()[c][i] - mix.samples()[c][i]));
            }
        }
        assertTrue(worst < 1e-3, "the stems differ from the mix by up to " + worst);

        double[] gains = voiceAndSideShares(stems.get("vocals"));
        assertTrue(gains[0] > 0.8, "vocals keep " + gains[0] + " of the centre voice");
        assertTrue(Math.abs(gains[1]) < 0.1, "vocals keep " + gains[1] + " of the left-panned instrument");
        assertTrue(gains[0] > 5 * Math.abs(gains[1]));

        JsonNode result = last.result();
        assertEquals("builtin", result.get("engine").asText());
        assertEquals(5, result.get("stems").size());
        assertEquals("vocals", result.get("stems").get(0).get("name").asText());
        assertTrue(result.get("stems").get(0).get("rms_dbfs").isNumber());
        assertTrue(result.get("stems").get(0).get("peak_dbfs").isNumber());
    }

    /** Least-squares gains (voice, side instrument) of the vocals stem, edges left out. */
    private static double[] voiceAndSideShares(AudioBuffer vocals) {
        double vv = 0, ss = 0, vs = 0, xv = 0, xs = 0;
        for (int c = 0; c < 2; c++) {
            for (int i = RATE / 4; i < vocals.frames() - RATE / 4; i++) {
                double v = voice(i, c);
                double s = sideInstrument(i, c);
                double x = vocals.samples()[c][i];
                vv += v * v;
                ss += s * s;
                vs += v * s;
                xv += x * v;
                xs += x * s;
            }
        }
        double det = vv * ss - vs * vs;
        return new double[] {(xv * ss - xs * vs) / det, (xs * vv - xv * vs) / det};
    }

    @Test
    void twoStemsVocalsGivesVocalsAndTheInstrumentalOnly() throws Exception {
        String id = harness.newJobWithInput();
        harness.send(StageRequest.of(id, Stage.SEPARATION, 1, harness.request(id).input(),
                Map.of("stems", "two-stems=vocals")));
        JobEvent last = lastOf(harness.eventsUntilTerminal(id, WAIT));
        assertEquals(EventType.COMPLETED, last.type());
        assertEquals(Set.of("vocals.wav", "instrumental.wav"), last.outputs().keySet());
    }

    @Test
    void anOptionThatCannotBeHonouredFailsWithInvalidOption() throws Exception {
        String id = harness.newJobWithInput();
        harness.send(StageRequest.of(id, Stage.SEPARATION, 1, harness.request(id).input(), Map.of("format", "mp3")));
        JobEvent last = lastOf(harness.eventsUntilTerminal(id, WAIT));
        assertEquals("INVALID_OPTION", last.error().code());
        assertFalse(last.error().retryable());
        assertTrue(last.outputs().isEmpty());
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
            assertEquals(EventType.COMPLETED, last.type(), "the request behind the poison was processed");
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
    void healthNamesTheEngineAndTheBreakerAndMetricsCountRuns() throws Exception {
        String id = harness.newJobWithInput();
        harness.send(harness.request(id));
        harness.eventsUntilTerminal(id, WAIT);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'separation-engine' }.data.engine", equalTo("builtin"))
                .body("checks.find { it.name == 'separation-engine' }.data.engineAvailable", equalTo(true))
                .body("checks.find { it.name == 'separation-engine' }.data.circuitBreaker", equalTo("CLOSED"))
                // the built-in engine loads no ONNX model; the check still says what would be asked for
                .body("checks.find { it.name == 'separation-onnx' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'separation-onnx' }.data.modelsLoaded", equalTo(0))
                .body("checks.find { it.name == 'separation-onnx' }.data.requestedProviders", equalTo("cuda,cpu"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("audiomesh_stage_realtime_factor"))
                .body(containsString("engine=\"builtin\""))
                .body(containsString("audiomesh_circuit_breaker_open{"));
    }

    private static JobEvent lastOf(List<JobEvent> events) {
        return events.get(events.size() - 1);
    }
}
