package org.audiomesh.enhancement;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.audiomesh.common.audio.AudioBuffer;
import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.audio.WavReader;
import org.audiomesh.common.contract.EventType;
import org.audiomesh.common.contract.InputRef;
import org.audiomesh.common.contract.JobEvent;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.contract.StageRequest;
import org.audiomesh.common.storage.BlobKey;
import org.audiomesh.common.storage.BlobStore;
import org.audiomesh.enhancement.engine.BuiltinEnhancementEngine;
import org.audiomesh.testing.KafkaTestResource;
import org.audiomesh.testing.StageWorkerHarness;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The enhancement service end to end through real Kafka with the built-in engine (no model
 * folder in tests, so {@code auto} picks it): noisy stereo speech in, enhanced WAV out.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class EnhancementWorkerTest {
    private static final int RATE = 22050;

    @Inject
    BlobStore blobs;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static float[][] clean() {
        return new float[][] {TestSignals.speechLike(RATE, 3, 0.5, 41), TestSignals.speechLike(RATE, 3, 0.5, 42)};
    }

    private static float[][] noisy(float[][] clean, double snrDb) {
        return new float[][] {TestSignals.mix(clean[0], TestSignals.white(clean[0].length, 43), snrDb),
                TestSignals.mix(clean[1], TestSignals.white(clean[1].length, 44), snrDb)};
    }

    private static StageRequest request(String jobId, Map<String, String> options) {
        return StageRequest.of(jobId, Stage.ENHANCEMENT, 1,
                new InputRef(new BlobKey(jobId, "input", "source.wav").uri().toString(), "audio/wav", null, null), options);
    }

    private AudioBuffer enhanced(String jobId) throws Exception {
        try (InputStream in = blobs.open(new BlobKey(jobId, "enhancement", "enhanced.wav"));
             AudioSource source = WavReader.open(in)) {
            return AudioFiles.readAll(source);
        }
    }

    @Test
    void noisyStereoSpeechComesBackEnhancedWithTheSameShapeAndAResult() throws Exception {
        float[][] clean = clean();
        float[][] noisy = noisy(clean, 5);
        try (StageWorkerHarness harness = new StageWorkerHarness(bootstrap, blobs, Stage.ENHANCEMENT)) {
            String id = harness.newJobWithInput(new AudioBuffer(RATE, noisy));
            harness.send(harness.request(id));
            List<JobEvent> events = harness.eventsUntilTerminal(id, Duration.ofSeconds(60));
            JobEvent done = StageWorkerHarness.last(events);
            assertEquals(EventType.COMPLETED, done.type(), events.toString());
            assertEquals(BuiltinEnhancementEngine.NAME, done.engine());
            assertEquals(new BlobKey(id, "enhancement", "enhanced.wav").uri().toString(), done.outputs().get("enhanced.wav"));

            AudioBuffer out = enhanced(id);
            assertEquals(RATE, out.sampleRate());
            assertEquals(2, out.channels());
            assertEquals(clean[0].length, out.frames());
            for (int c = 0; c < 2; c++) {
                double before = TestSignals.siSdr(noisy[c], clean[c]);
                double after = TestSignals.siSdr(out.samples()[c], clean[c]);
                assertTrue(after - before >= 5, "channel " + c + ": SI-SDR " + before + " -> " + after);
            }

            JsonNode r = done.result();
            assertEquals(BuiltinEnhancementEngine.NAME, r.get("engine").asText());
            assertEquals(5.0, r.get("estimated_input_snr_db").asDouble(), 3.0, r.toString());
            assertEquals("white", r.get("noise_type").asText());
            assertEquals(RATE, r.get("sample_rate").asInt());
            assertEquals(2, r.get("channels").asInt());
            assertTrue(r.get("level_reduction_db").asDouble() > 0.5, r.toString());
            assertTrue(r.get("output_peak_dbfs").asDouble() <= 0, r.toString());
            assertEquals(3.0, r.get("duration_seconds").asDouble(), 0.01);
        }
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'enhancement-engine' }.data.engine", equalTo(BuiltinEnhancementEngine.NAME))
                .body("checks.find { it.name == 'enhancement-engine' }.data.engineAvailable", equalTo(true));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("audiomesh_stage_realtime_factor"));
    }

    @Test
    void outputRateAndAttenuationOptionsAreHonoured() throws Exception {
        try (StageWorkerHarness harness = new StageWorkerHarness(bootstrap, blobs, Stage.ENHANCEMENT)) {
            String id = harness.newJobWithInput(new AudioBuffer(RATE, noisy(clean(), 10)));
            harness.send(request(id, Map.of("output_sample_rate", "16000", "attenuation_db", "12",
                    "channel_mode", "mid")));
            JobEvent done = StageWorkerHarness.last(harness.eventsUntilTerminal(id, Duration.ofSeconds(60)));
            assertEquals(EventType.COMPLETED, done.type(), done.toString());
            AudioBuffer out = enhanced(id);
            assertEquals(16000, out.sampleRate());
            assertEquals(2, out.channels());
            assertEquals(Math.ceil(3.0 * 16000), out.frames(), 1);
            assertEquals(12.0, done.result().get("attenuation_db").asDouble());
            assertEquals("mid", done.result().get("channel_mode").asText());
            assertEquals(16000, done.result().get("sample_rate").asInt());
            assertEquals(RATE, done.result().get("input_sample_rate").asInt());
        }
    }

    @Test
    void anInvalidOptionFailsTheStageWithoutRetry() throws Exception {
        try (StageWorkerHarness harness = new StageWorkerHarness(bootstrap, blobs, Stage.ENHANCEMENT)) {
            String id = harness.newJobWithInput();
            harness.send(request(id, Map.of("attenuation_db", "a lot")));
            JobEvent last = StageWorkerHarness.last(harness.eventsUntilTerminal(id, Duration.ofSeconds(60)));
            assertEquals(EventType.FAILED, last.type());
            assertEquals("INVALID_OPTION", last.error().code());
            assertFalse(last.error().retryable());
            assertTrue(last.error().message().contains("attenuation_db"), last.error().message());
        }
    }
}
