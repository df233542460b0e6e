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
import org.audiomesh.enhancement.dfn.HybridEnhancementEngine;
import org.audiomesh.testing.KafkaTestResource;
import org.audiomesh.testing.StageWorkerHarness;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service with {@code engine=hybrid} on the DeepFilterNet3 weights that ship with it
 * ({@code models/audiomesh-dfn3}): a 44.1 kHz stereo job (the built-in engine at 44.1 kHz,
 * DeepFilterNet3 at 48 kHz) comes back at its rate, length and channels, with less noise, and the
 * result names the engine, its network share and the execution provider.
 */
@QuarkusTest
@TestProfile(HybridWorkerTest.Hybrid.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class HybridWorkerTest {

    public static class Hybrid implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("audiomesh.enhancement.engine", "hybrid",
                    "audiomesh.enhancement.deepfilternet.model-dir", "models/audiomesh-dfn3",
                    "audiomesh.onnx.providers", "cpu");
        }
    }

    @Inject
    BlobStore blobs;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aStereoJobRunsThroughBothEnginesAndKeepsItsRateLengthAndChannels() throws Exception {
        int rate = 44100;
        float[] clean = TestSignals.speechLike(rate, 3, 0.5, 71);
        float[][] noisy = {TestSignals.mix(clean, TestSignals.white(clean.length, 72), 0),
                TestSignals.mix(clean, TestSignals.pink(clean.length, 73), 0)};
        try (StageWorkerHarness harness = new StageWorkerHarness(bootstrap, blobs, Stage.ENHANCEMENT)) {
            String id = harness.newJobWithInput(new AudioBuffer(rate, noisy));
            harness.send(harness.request(id));
            JobEvent done = StageWorkerHarness.last(harness.eventsUntilTerminal(id, Duration.ofSeconds(60)));
            assertEquals(EventType.COMPLETED, done.type(), done.toString());
            assertEquals(HybridEnhancementEngine.NAME, done.engine());
            JsonNode r = done.result();
            assertEquals("cpu", r.get("execution_provider").asText());
            assertEquals(0.35, r.get("network_share").asDouble());
            assertEquals(rate, r.get("processing_sample_rate").asInt());
            assertEquals(rate, r.get("sample_rate").asInt());
            assertEquals(2, r.get("channels").asInt());
            AudioBuffer out;
            try (InputStream in = blobs.open(new BlobKey(id, "enhancement", "enhanced.wav"));
                 AudioSource source = WavReader.open(in)) {
                out = AudioFiles.readAll(source);
            }
            assertEquals(rate, out.sampleRate());
            assertEquals(2, out.channels());
            assertEquals(clean.length, out.frames());
            for (int c = 0; c < 2; c++) {
                double before = TestSignals.siSdr(noisy[c], clean);
                double after = TestSignals.siSdr(out.samples()[c], clean);
                assertTrue(after > before + 5, "channel " + c + ": SI-SDR " + before + " -> " + after + " dB");
            }
        }
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'enhancement-engine' }.data.engine", equalTo(HybridEnhancementEngine.NAME));
    }
}
