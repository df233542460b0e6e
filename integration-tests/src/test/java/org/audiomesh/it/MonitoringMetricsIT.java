package org.audiomesh.it;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.InputRef;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.contract.StageRequest;
import org.audiomesh.common.storage.BlobKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every metric that an alert rule or a Grafana dashboard of deploy/monitoring reads is really
 * exported: the real local stack runs a karaoke job, an enhancement job, a rejected upload, a
 * stage request whose input is gone (a stage failure) and a poison message (a dead letter), then
 * the {@code /q/metrics} of the five services are scraped and every name the queries select must
 * be there, except the few that come from outside the services ({@link #EXTERNAL}).
 */
class MonitoringMetricsIT {
    /**
     * Metrics the services do not export, each with its source in production. Everything else the
     * rules and dashboards read must come from a service's /q/metrics.
     */
    static final Map<String, String> EXTERNAL = Map.of(
            // Prometheus itself: 1 per target that answered the scrape (the ServiceMonitor's targets)
            "up", "Prometheus scrape health",
            // the Strimzi Kafka exporter (spec.kafkaExporter of the Kafka resource, PodMonitor
            // audiomesh-kafka-exporter): the same consumer-group lag KEDA scales the workers on
            "kafka_consumergroup_lag", "Strimzi Kafka exporter",
            "kafka_topic_partition_current_offset", "Strimzi Kafka exporter",
            "kafka_topic_partition_oldest_offset", "Strimzi Kafka exporter");

    private static final LocalStack STACK = new LocalStack();
    private static final List<String> SERVICES = List.of("gateway", "analysis", "separation", "transcription", "enhancement");
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
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
    void everyMetricOfTheAlertRulesAndDashboardsIsExportedByAService() throws Exception {
        byte[] song = Files.readAllBytes(STACK.root.resolve("deploy/examples/example-song.wav"));
        for (String pipeline : List.of("karaoke", "enhancement")) {
            String id = gateway.submit("example-song.wav", song, pipeline).body().path("id").asText();
            String status = gateway.awaitEnd(id, JOB_TIMEOUT).path("status").asText();
            assertTrue(Set.of("COMPLETED", "PARTIAL").contains(status), pipeline + " job ended " + status);
        }
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertEquals(415, gateway.submit("cover.wav", png, "analysis").status());
        assertEquals(202, submitBatch(png, song), "a batch with one bad file");

        // a request whose input is gone fails the stage (INPUT_UNAVAILABLE); a poison message is dead-lettered
        String gone = UUID.randomUUID().toString();
        String request = new ContractJson().write(StageRequest.of(gone, Stage.ANALYSIS, 1,
                new InputRef(new BlobKey(gone, "input", "source.wav").uri().toString(), "audio/wav", null, null), Map.of()));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(Stage.ANALYSIS.topic(), gone, request)).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(Stage.ENHANCEMENT.topic(), "poison", "{not json")).get(30, TimeUnit.SECONDS);
        }
        awaitMetric("analysis", "audiomesh_stage_failures_total{");
        awaitMetric("enhancement", "audiomesh_stage_dlq_total{");

        Map<String, Set<String>> exported = new TreeMap<>();
        Set<String> all = new TreeSet<>();
        for (String service : SERVICES) {
            Set<String> names = exportedNames(scrape(service));
            exported.put(service, names);
            all.addAll(names);
        }

        Map<String, Set<String>> missing = new TreeMap<>();
        Set<String> referenced = new TreeSet<>();
        for (String query : MonitoringQueries.queries(STACK.root.resolve("deploy/monitoring"))) {
            for (String name : MonitoringQueries.metricNames(query)) {
                referenced.add(name);
                if (!EXTERNAL.containsKey(name) && !all.contains(name)) {
                    missing.computeIfAbsent(name, n -> new TreeSet<>()).add(query);
                }
            }
        }
        assertTrue(referenced.containsAll(List.of("audiomesh_stage_failures_total", "audiomesh_diarization_runs_total",
                "audiomesh_circuit_breaker_open", "audiomesh_stage_retries_exhausted_total", "jvm_memory_used_bytes",
                "kafka_consumergroup_lag", "up")), "the query parser finds the names: " + referenced);
        assertEquals(Map.of(), missing, "metrics the rules or dashboards read that no service exports");
        Set<String> stale = new TreeSet<>(EXTERNAL.keySet());
        stale.removeAll(referenced);
        assertEquals(Set.of(), stale, "external metrics no query reads any more");

        // the gateway's job metrics come from the gateway, the stage metrics from every worker
        assertTrue(exported.get("gateway").contains("audiomesh_jobs_finished_total"), exported.get("gateway").toString());
        for (String worker : SERVICES.subList(1, SERVICES.size())) {
            for (String name : List.of("audiomesh_circuit_breaker_open", "audiomesh_stage_retries_exhausted_total",
                    "audiomesh_stage_realtime_factor_count", "jvm_memory_used_bytes")) {
                assertTrue(exported.get(worker).contains(name), worker + " exports " + name);
            }
        }
        assertTrue(exported.get("transcription").contains("audiomesh_onnx_session"), "the VAD's ONNX session");
    }

    /** POST /api/v1/batches with the two files; returns the status. */
    private static int submitBatch(byte[] first, byte[] second) throws Exception {
        String boundary = "it-" + UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"pipeline\"\r\n\r\nanalysis\r\n")
                .getBytes(StandardCharsets.UTF_8));
        int i = 0;
        for (byte[] file : List.of(first, second)) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"f" + i++
                    + ".wav\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(STACK.gateway() + "/api/v1/batches"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int port(String service) {
        return LocalStack.GATEWAY_PORT + SERVICES.indexOf(service);
    }

    private static String scrape(String service) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port(service) + "/q/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), service + " /q/metrics");
        return r.body();
    }

    private static void awaitMetric(String service, String prefix) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (scrape(service).lines().anyMatch(l -> l.startsWith(prefix))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(service + " never exported " + prefix);
    }

    /** Names of the samples of a Prometheus text exposition. */
    static Set<String> exportedNames(String exposition) {
        Set<String> names = new TreeSet<>();
        exposition.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
            int end = 0;
            while (end < l.length() && l.charAt(end) != '{' && l.charAt(end) != ' ') {
                end++;
            }
            names.add(l.substring(0, end));
        });
        return names;
    }
}
