package org.audiomesh.gateway.maintenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.audiomesh.common.config.AudiomeshConfig;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.gateway.config.GatewayConfig;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hourly health snapshot: the gateway's own readiness (Kafka, Redis), free space of the data
 * volume, and each stage service's readiness (engine, availability, circuit breaker) read from
 * its {@code /q/health/ready}. One replica takes it (task lock {@code health-snapshot}) and stores
 * it as {@code audiomesh:health:snapshot}; every replica exposes the latest one as metrics:
 * {@code audiomesh_health_up{component}}, {@code audiomesh_health_engine_available{stage}},
 * {@code audiomesh_health_circuit_breaker_open{stage}} (1 open, 0.5 half-open, 0 closed),
 * {@code audiomesh_health_disk_free_bytes}, {@code audiomesh_health_snapshot_timestamp_seconds}.
 */
@ApplicationScoped
public class HealthSnapshots {
    public static final String KEY = "audiomesh:health:snapshot";
    static final String TASK = "health-snapshot";
    private static final Duration KEEP = Duration.ofDays(7);
    private static final Duration WORKER_TIMEOUT = Duration.ofSeconds(3);
    private static final Logger LOG = Logger.getLogger(HealthSnapshots.class);

    private final SmallRyeHealthReporter health;
    private final ValueCommands<String, String> values;
    private final TaskLocks locks;
    private final ContractJson json;
    private final MeterRegistry registry;
    private final Path dataDir;
    private final Map<String, String> workers;
    private final Duration lockTtl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WORKER_TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, Double> gauges = new ConcurrentHashMap<>();

    public HealthSnapshots(SmallRyeHealthReporter health, RedisDataSource redis, TaskLocks locks, ContractJson json,
                           MeterRegistry registry, AudiomeshConfig common, GatewayConfig config) {
        this.health = health;
        this.values = redis.value(String.class);
        this.locks = locks;
        this.json = json;
        this.registry = registry;
        this.dataDir = Path.of(common.dataDir()).toAbsolutePath();
        this.workers = parseWorkers(config.maintenance().workers().orElse(""));
        this.lockTtl = config.maintenance().lockTtl();
    }

    @Scheduled(identity = "maintenance-health-snapshot", cron = "${audiomesh.gateway.maintenance.health-cron}",
            timeZone = "UTC", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        Optional<TaskLocks.Lease> lease = locks.tryAcquire(TASK, lockTtl);
        if (lease.isEmpty()) {
            latest().ifPresent(this::expose); // another replica takes it; show the newest one stored
            return;
        }
        try (TaskLocks.Lease held = lease.get()) {
            takeAndStore();
        } catch (RuntimeException e) {
            LOG.warnf("health snapshot failed: %s", e.toString());
        }
    }

    /** Takes a snapshot now, stores it and exposes it as metrics. */
    public ObjectNode takeAndStore() {
        long t0 = System.nanoTime();
        ObjectNode s = take();
        values.set(KEY, json.write(s), new SetArgs().px(KEEP));
        expose(s);
        LOG.infof("health snapshot: kafka %s, redis %s, %d MB free, %d stage services in %d ms",
                s.path("kafka").path("status").asText(), s.path("redis").path("status").asText(),
                s.path("disk").path("freeBytes").asLong() / 1_000_000, s.path("engines").size(),
                (System.nanoTime() - t0) / 1_000_000);
        return s;
    }

    /** The newest stored snapshot. */
    public Optional<ObjectNode> latest() {
        String text = values.get(KEY);
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of((ObjectNode) json.mapper().readTree(text));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    ObjectNode take() {
        ObjectNode s = json.mapper().createObjectNode();
        s.put("takenAt", Instant.now().toString());
        ObjectNode kafka = s.putObject("kafka").put("status", "UNKNOWN");
        ObjectNode redis = s.putObject("redis").put("status", "UNKNOWN");
        ArrayNode checks = s.putArray("checks");
        try {
            JsonObject payload = health.getReadiness().getPayload();
            for (JsonValue v : payload.getJsonArray("checks")) {
                JsonObject c = v.asJsonObject();
                String name = c.getString("name", "");
                String status = c.getString("status", "UNKNOWN");
                checks.addObject().put("name", name).put("status", status);
                String n = name.toLowerCase(Locale.ROOT);
                if (n.contains("redis")) {
                    redis.put("status", status);
                } else if (n.contains("messaging") || n.contains("kafka")) {
                    kafka.put("status", status);
                }
            }
        } catch (RuntimeException e) {
            s.put("readinessError", e.toString());
        }
        ObjectNode disk = s.putObject("disk").put("path", dataDir.toString());
        try {
            FileStore store = Files.getFileStore(Files.exists(dataDir) ? dataDir : dataDir.getRoot());
            disk.put("freeBytes", store.getUsableSpace()).put("totalBytes", store.getTotalSpace());
        } catch (Exception e) {
            disk.put("error", e.toString());
        }
        ArrayNode engines = s.putArray("engines");
        workers.forEach((name, url) -> engines.add(worker(name, url)));
        return s;
    }

    private ObjectNode worker(String name, String baseUrl) {
        ObjectNode w = json.mapper().createObjectNode().put("service", name).put("url", baseUrl);
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready"))
                    .timeout(WORKER_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = json.mapper().readTree(r.body());
            w.put("reachable", true).put("status", body.path("status").asText("UNKNOWN"));
            for (JsonNode c : body.path("checks")) {
                JsonNode data = c.path("data");
                if (data.has("engine")) {
                    w.put("stage", data.path("stage").asText(name));
                    w.put("engine", data.path("engine").asText());
                    w.put("engineAvailable", data.path("engineAvailable").asBoolean(false));
                    w.put("circuitBreaker", data.path("circuitBreaker").asText("UNKNOWN"));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            w.put("reachable", false).put("status", "DOWN").put("error", "interrupted");
        } catch (Exception e) {
            w.put("reachable", false).put("status", "DOWN").put("error", e.getClass().getSimpleName());
        }
        return w;
    }

    private void expose(ObjectNode s) {
        gauge("audiomesh.health.up", "component", "kafka", up(s.path("kafka").path("status").asText()), null);
        gauge("audiomesh.health.up", "component", "redis", up(s.path("redis").path("status").asText()), null);
        if (s.path("disk").has("freeBytes")) {
            gauge("audiomesh.health.disk.free", null, null, s.path("disk").path("freeBytes").asDouble(), "bytes");
        }
        for (JsonNode w : s.path("engines")) {
            String stage = w.path("stage").asText(w.path("service").asText());
            gauge("audiomesh.health.up", "component", stage, up(w.path("status").asText()), null);
            gauge("audiomesh.health.engine.available", "stage", stage,
                    w.has("engineAvailable") ? (w.path("engineAvailable").asBoolean() ? 1 : 0) : Double.NaN, null);
            String breaker = w.path("circuitBreaker").asText("");
            gauge("audiomesh.health.circuit.breaker.open", "stage", stage, switch (breaker) {
                case "OPEN" -> 1.0;
                case "HALF_OPEN" -> 0.5;
                case "CLOSED" -> 0.0;
                default -> Double.NaN;
            }, null);
        }
        try {
            gauge("audiomesh.health.snapshot.timestamp", null, null,
                    Instant.parse(s.path("takenAt").asText()).getEpochSecond(), "seconds");
        } catch (RuntimeException e) {
            // an unreadable time stamp leaves the previous value
        }
    }

    private void gauge(String name, String tag, String tagValue, double value, String unit) {
        String id = name + "|" + tagValue;
        if (gauges.put(id, value) == null) {
            Gauge.Builder<Map<String, Double>> b = Gauge.builder(name, gauges, m -> m.getOrDefault(id, Double.NaN));
            if (tag != null) {
                b.tag(tag, tagValue);
            }
            if (unit != null) {
                b.baseUnit(unit);
            }
            b.register(registry);
        }
    }

    private static double up(String status) {
        return "UP".equals(status) ? 1 : 0;
    }

    static Map<String, String> parseWorkers(String spec) {
        Map<String, String> m = new LinkedHashMap<>();
        if (spec == null) {
            return m;
        }
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0 && eq < part.length() - 1) {
                String url = part.substring(eq + 1).strip();
                m.put(part.substring(0, eq).strip(), url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            }
        }
        return m;
    }
}
