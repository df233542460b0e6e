package org.audiomesh.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.audiomesh.common.audio.AudioBuffer;
import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.audio.SampleEncoding;
import org.audiomesh.common.audio.WavReader;
import org.audiomesh.common.audio.WavWriter;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: {@code ./audiomesh up} starts Kafka, Redis and the five services as separate
 * processes; the tests drive jobs through the gateway's HTTP API like any client, kill a worker
 * mid-job, and feed a poison message to a stage topic. (The degradation paths, where a stage
 * fails, are driven through a real broker and Redis in the gateway's JobFlowTest.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeshIT {
    private static final LocalStack STACK = new LocalStack();
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    private static GatewayClient gateway;

    @BeforeAll
    static void up() throws Exception {
        STACK.down(); // leftovers of an interrupted earlier run
        STACK.up();
        gateway = new GatewayClient(STACK.gateway());
    }

    @AfterAll
    static void down() throws Exception {
        STACK.down();
    }

    @Test
    @Order(1)
    void karaokeJobOnTheExampleSongGivesStemsAnalysisAndLyricsFromTheVocals() throws Exception {
        byte[] song = Files.readAllBytes(STACK.root.resolve("deploy/examples/example-song.wav"));
        GatewayClient.Reply created = gateway.submit("example-song.wav", song, "karaoke");
        assertEquals(202, created.status(), created.body().toString());
        String id = created.body().path("id").asText();

        JsonNode job = gateway.awaitEnd(id, JOB_TIMEOUT);
        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        JsonNode stages = job.path("stages");
        assertEquals("beat-dp", stages.path("analysis").path("engine").asText());
        assertEquals("COMPLETED", stages.path("separation").path("status").asText());
        assertEquals("COMPLETED", stages.path("transcription").path("status").asText());
        assertTrue(stages.path("transcription").path("degraded").isMissingNode(), "lyrics come from the vocals stem");

        JsonNode results = gateway.get("/api/v1/jobs/" + id + "/results").body().path("stages");
        JsonNode analysis = results.path("analysis").path("result");
        assertEquals(120.0, analysis.path("tempo_bpm").asDouble(), 120 * 0.04, analysis.toString());
        assertEquals("4/4", analysis.path("time_signature").asText());
        JsonNode stored = GatewayClient.JSON.readTree(gateway.bytes(
                results.path("analysis").path("files").path("analysis.json").asText()));
        assertEquals(analysis.path("tempo_bpm").asDouble(), stored.path("tempo_bpm").asDouble(), 1e-9);

        AudioBuffer mix = wav(song);
        for (String stem : List.of("vocals.wav", "drums.wav", "bass.wav", "other.wav", "instrumental.wav")) {
            AudioBuffer s = wav(gateway.bytes(results.path("separation").path("files").path(stem).asText()));
            assertEquals(mix.sampleRate(), s.sampleRate(), stem);
            assertEquals(mix.frames(), s.frames(), stem);
        }
        for (String f : List.of("transcript.json", "transcript.srt", "transcript.vtt", "lyrics.lrc", "lyrics.ass")) {
            assertTrue(gateway.bytes(results.path("transcription").path("files").path(f).asText()).length > 0, f);
        }
        assertEquals("COMPLETED", gateway.get("/api/status/" + id).body().path("separation_status").asText());
    }

    @Test
    @Order(2)
    void speechJobDenoisesThenTranscribesTheEnhancedAudio() throws Exception {
        Path clean = Path.of("/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0880.wav");
        assertTrue(Files.isRegularFile(clean), "install the Debian package pocketsphinx-testdata");
        AudioBuffer speech = wav(Files.readAllBytes(clean));
        AudioBuffer noisy = withWhiteNoise(speech, 0.05);
        String id = gateway.submit("noisy-talk.wav", wavBytes(noisy), "speech").body().path("id").asText();
        JsonNode job = gateway.awaitEnd(id, JOB_TIMEOUT);
        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        assertEquals("mmse-lsa", job.path("stages").path("enhancement").path("engine").asText());
        assertTrue(job.path("stages").path("transcription").path("degraded").isMissingNode(),
                "the enhanced audio was transcribed");

        JsonNode results = gateway.get("/api/v1/jobs/" + id + "/results").body().path("stages");
        AudioBuffer enhanced = wav(gateway.bytes(results.path("enhancement").path("files").path("enhanced.wav").asText()));
        assertEquals(noisy.sampleRate(), enhanced.sampleRate());
        assertEquals(noisy.frames(), enhanced.frames());
        double before = snrDb(speech.samples()[0], noisy.samples()[0]);
        double after = snrDb(speech.samples()[0], enhanced.samples()[0]);
        assertTrue(after > before + 3, String.format("SNR %.1f dB before, %.1f dB after enhancement", before, after));
        JsonNode transcript = results.path("transcription").path("result");
        assertTrue(transcript.path("word_count").asInt() > 0, transcript.toString());
    }

    @Test
    @Order(2)
    void enhancementJobOnATonePulseInNoiseComesBackWithTheNoiseReduced() throws Exception {
        int rate = 22_050;
        float[] tone = new float[rate * 6];
        for (int i = 0; i < tone.length; i++) {
            double t = (double) i / rate;
            boolean on = t >= 1.0 && (t % 1.0) < 0.5; // 0.5 s pulses after a noise-only second, like syllables
            tone[i] = on ? (float) (0.3 * Math.sin(2 * Math.PI * 440 * t)) : 0f;
        }
        AudioBuffer clean = new AudioBuffer(rate, new float[][] {tone});
        AudioBuffer noisy = withWhiteNoise(clean, 0.03);
        String id = gateway.submit("tone-in-noise.wav", wavBytes(noisy), "enhancement").body().path("id").asText();
        JsonNode job = gateway.awaitEnd(id, JOB_TIMEOUT);
        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        JsonNode stage = gateway.get("/api/v1/jobs/" + id + "/results").body().path("stages").path("enhancement");
        AudioBuffer enhanced = wav(gateway.bytes(stage.path("files").path("enhanced.wav").asText()));
        assertEquals(rate, enhanced.sampleRate());
        assertEquals(noisy.frames(), enhanced.frames());
        double noiseIn = 0;
        double noiseOut = 0;
        double toneIn = 0;
        double toneOut = 0;
        for (int i = 0; i < tone.length; i++) {
            float y = enhanced.samples()[0][i];
            assertTrue(Float.isFinite(y) && Math.abs(y) <= 1f, "sample " + i + " out of range: " + y);
            double t = (double) i / rate;
            if (t > 1.6 && (t % 1.0) > 0.6 && (t % 1.0) < 0.9) { // between pulses: noise only
                noiseIn += noisy.samples()[0][i] * noisy.samples()[0][i];
                noiseOut += y * y;
            } else if (t > 1.0 && (t % 1.0) > 0.1 && (t % 1.0) < 0.4) { // inside pulses
                toneIn += clean.samples()[0][i] * clean.samples()[0][i];
                toneOut += y * y;
            }
        }
        double reduction = 10 * Math.log10(noiseIn / noiseOut);
        double toneKept = 10 * Math.log10(toneOut / toneIn);
        assertTrue(reduction > 10, String.format("noise between the pulses reduced by %.1f dB", reduction));
        assertTrue(toneKept > -3, String.format("the tone kept within %.1f dB", toneKept));
        assertTrue(stage.path("result").path("level_reduction_db").asDouble() > 0, stage.toString());
    }

    @Test
    @Order(3)
    void workerKilledMidJobFinishesItAfterRestartWithOneResultAndTheEventStreamShowsIt() throws Exception {
        byte[] long45Minutes = clickTrackWav(8000, 45 * 60, 100);
        String id = gateway.submit("long.wav", long45Minutes, "analysis").body().path("id").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String seen = "";
        while (System.nanoTime() < deadline && !seen.equals("RUNNING")) {
            seen = gateway.get("/api/v1/jobs/" + id).body().path("stages").path("analysis").path("status").asText();
            if (seen.equals("COMPLETED")) {
                throw new AssertionError("analysis finished before it could be interrupted");
            }
            Thread.sleep(10);
        }
        assertEquals("RUNNING", seen);
        STACK.kill("analysis");
        assertEquals("RUNNING", gateway.get("/api/v1/jobs/" + id).body().path("status").asText(),
                "the killed run did not finish the job");

        CompletableFuture<List<String>> events = CompletableFuture.supplyAsync(() -> {
            try {
                return gateway.events(id, Duration.ofSeconds(150));
            } catch (Exception e) {
                return List.of("ERROR " + e);
            }
        });
        STACK.up(); // restarts only the stopped analysis service
        JsonNode job = gateway.awaitEnd(id, JOB_TIMEOUT);
        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        assertTrue(job.path("stages").path("analysis").path("attempts").asInt() >= 2,
                "the request was delivered again: " + job);
        JsonNode result = gateway.get("/api/v1/jobs/" + id + "/results").body().path("stages").path("analysis");
        assertEquals(100.0, result.path("result").path("tempo_bpm").asDouble(), 4.0);
        assertEquals(1, result.path("files").size());
        try (Stream<Path> files = Files.list(STACK.dataDir().resolve("jobs").resolve(id).resolve("analysis"))) {
            assertEquals(List.of("analysis.json"), files.map(p -> p.getFileName().toString()).toList(),
                    "one result, no leftovers of the killed run");
        }

        String stream = String.join("\n", events.get(150, TimeUnit.SECONDS));
        assertTrue(stream.contains("event:snapshot"), stream);
        assertTrue(stream.contains("\"stage\":\"analysis\"") && stream.contains("\"type\":\"COMPLETED\""), stream);
        assertTrue(stream.contains("event:job") && stream.contains("\"status\":\"COMPLETED\""), stream);
    }

    @Test
    @Order(4)
    void poisonMessageLandsInTheDeadLetterTopicAndJobsKeepFlowing() throws Exception {
        String poison = "{\"schemaVersion\":1,\"jobId\":\"not-an-id\" this is not JSON";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>("audiomesh.stage.analysis", "poison", poison)).get(30,
                    TimeUnit.SECONDS);
        }
        assertTrue(deadLetters("audiomesh.stage.analysis.dlq").contains(poison));

        byte[] song = Files.readAllBytes(STACK.root.resolve("deploy/examples/example-song.wav"));
        String id = gateway.submit("after-poison.wav", song, "analysis").body().path("id").asText();
        assertEquals("COMPLETED", gateway.awaitEnd(id, JOB_TIMEOUT).path("status").asText());
    }

    @Test
    @Order(5)
    void badUploadsAreProblemsAndTheMeshStaysHealthy() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        GatewayClient.Reply r = gateway.submit("cover.mp3", png, "karaoke");
        assertEquals(415, r.status());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals("UNSUPPORTED_FORMAT", r.body().path("code").asText());
        assertEquals(404, gateway.get("/api/v1/jobs/00000000-0000-4000-8000-000000000000").status());
        assertEquals(200, gateway.get("/q/health/ready").status());
    }

    private static AudioBuffer wav(byte[] bytes) throws java.io.IOException {
        try (AudioSource source = WavReader.open(new java.io.ByteArrayInputStream(bytes))) {
            return AudioFiles.readAll(source);
        }
    }

    private static byte[] wavBytes(AudioBuffer audio) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        WavWriter.write(out, audio, SampleEncoding.PCM_S16);
        return out.toByteArray();
    }

    private static AudioBuffer withWhiteNoise(AudioBuffer clean, double rms) {
        java.util.Random random = new java.util.Random(7);
        float[][] out = new float[clean.channels()][clean.frames()];
        for (int c = 0; c < clean.channels(); c++) {
            for (int i = 0; i < clean.frames(); i++) {
                out[c][i] = (float) Math.max(-1, Math.min(1, clean.samples()[c][i] + rms * random.nextGaussian()));
            }
        }
        return new AudioBuffer(clean.sampleRate(), out);
    }

    /** SNR of {@code test} against the clean reference, in dB. */
    private static double snrDb(float[] reference, float[] test) {
        double signal = 0;
        double error = 0;
        for (int i = 0; i < reference.length; i++) {
            signal += reference[i] * reference[i];
            error += (test[i] - reference[i]) * (test[i] - reference[i]);
        }
        return 10 * Math.log10(signal / error);
    }

    private List<String> deadLetters(String topic) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && values.isEmpty()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    /** A mono 16-bit WAV of clicks at {@code bpm}, long enough to interrupt its analysis. */
    private static byte[] clickTrackWav(int rate, int seconds, double bpm) {
        int n = rate * seconds;
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * n).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2)
                .putShort((short) 16).put("data".getBytes()).putInt(2 * n);
        int period = (int) Math.round(rate * 60 / bpm);
        int clickLength = rate / 50;
        for (int i = 0; i < n; i++) {
            int k = i % period;
            double v = k < clickLength ? 0.6 * Math.sin(2 * Math.PI * 1000 * k / rate) * (1 - (double) k / clickLength)
                    : 0;
            b.putShort((short) Math.round(v * 32767));
        }
        return b.array();
    }
}
