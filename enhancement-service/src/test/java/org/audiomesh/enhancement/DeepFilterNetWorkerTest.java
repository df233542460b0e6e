package org.audiomesh.enhancement;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
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
import org.audiomesh.enhancement.dfn.DeepFilterNetEngine;
import org.audiomesh.testing.KafkaTestResource;
import org.audiomesh.testing.StageWorkerHarness;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service with {@code engine=deepfilternet} on the tiny graphs of the test resources (same
 * signatures as the DeepFilterNet3 export): models loaded once at start-up on the CPU after the
 * CUDA fallback, a 16 kHz job resampled to 48 kHz and back, and the provider in result, health
 * and metrics.
 */
@QuarkusTest
@TestProfile(DeepFilterNetWorkerTest.TinyModels.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class DeepFilterNetWorkerTest {

    public static class TinyModels implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("audiomesh.enhancement.engine", "deepfilternet",
                    "audiomesh.enhancement.deepfilternet.model-dir", "src/test/resources/deepfilternet/tiny",
                    "audiomesh.onnx.providers", "cuda,cpu");
        }
    }

    @Inject
    BlobStore blobs;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aJobRunsThroughDeepFilterNetOnTheCpuAndKeepsItsRateAndLength() throws Exception {
        int rate = 16000;
        float[] clean = TestSignals.speechLike(rate, 2, 0.3, 51);
        float[] noisy = TestSignals.mix(clean, TestSignals.white(clean.length, 52), 10);
        try (StageWorkerHarness harness = new StageWorkerHarness(bootstrap, blobs, Stage.ENHANCEMENT)) {
            String id = harness.newJobWithInput(new AudioBuffer(rate, new float[][] {noisy}));
            harness.send(harness.request(id));
            JobEvent done = StageWorkerHarness.last(harness.eventsUntilTerminal(id, Duration.ofSeconds(60)));
            assertEquals(EventType.COMPLETED, done.type(), done.toString());
            assertEquals(DeepFilterNetEngine.NAME, done.engine());
            JsonNode r = done.result();
            assertEquals("cpu", r.get("execution_provider").asText());
            assertEquals(48000, r.get("processing_sample_rate").asInt());
            assertEquals(rate, r.get("sample_rate").asInt());
            AudioBuffer out;
            try (InputStream in = blobs.open(new BlobKey(id, "enhancement", "enhanced.wav"));
                 AudioSource source = WavReader.open(in)) {
                out = AudioFiles.readAll(source);
            }
            assertEquals(rate, out.sampleRate());
            assertEquals(noisy.length, out.frames());
            double diff = 0;
            for (int i = 0; i < noisy.length; i++) {
                diff += Math.abs(out.samples()[0][i] - noisy[i]);
            }
            assertTrue(diff / noisy.length > 1e-3, "the tiny model changed the audio");
        }
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'enhancement-engine' }.data.engine", equalTo(DeepFilterNetEngine.NAME))
                .body("checks.find { it.name == 'enhancement-onnx' }.data.'provider.deepfilternet3/enc'", equalTo("cpu"))
                .body("checks.find { it.name == 'enhancement-onnx' }.data.cudaUnavailable", notNullValue());
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("audiomesh_onnx_session{model=\"deepfilternet3/df_dec\",provider=\"cpu\"}"))
                .body(containsString("audiomesh_onnx_cuda_fallback 1.0"));
    }
}
