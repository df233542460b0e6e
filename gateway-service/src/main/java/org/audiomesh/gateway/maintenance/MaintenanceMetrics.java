package org.audiomesh.gateway.maintenance;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maintenance metrics: {@code audiomesh_maintenance_runs_total{task,outcome}},
 * {@code audiomesh_maintenance_removed_total{task,kind}},
 * {@code audiomesh_maintenance_duration_seconds{task}} and
 * {@code audiomesh_maintenance_last_run_timestamp_seconds{task}} (runs that did the work, not skipped ones).
 */
@ApplicationScoped
public class MaintenanceMetrics {
    private final MeterRegistry registry;
    private final Map<String, Double> lastRun = new ConcurrentHashMap<>();

    public MaintenanceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void recorded(RunReport r) {
        Counter.builder("audiomesh.maintenance.runs").tags("task", r.task(), "outcome", r.outcome())
                .register(registry).increment();
        if ("SKIPPED".equals(r.outcome())) {
            return;
        }
        Timer.builder("audiomesh.maintenance.duration").tag("task", r.task()).register(registry)
                .record(Duration.ofMillis(r.durationMs()));
        if (lastRun.put(r.task(), Instant.now().getEpochSecond() * 1.0) == null) {
            Gauge.builder("audiomesh.maintenance.last.run.timestamp", lastRun, m -> m.getOrDefault(r.task(), Double.NaN))
                    .baseUnit("seconds").tag("task", r.task()).register(registry);
        }
    }

    public void removed(String task, String kind) {
        Counter.builder("audiomesh.maintenance.removed").tags("task", task, "kind", kind).register(registry)
                .increment();
    }
}
