package org.audiomesh.gateway.maintenance;

import io.quarkus.arc.All;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.gateway.config.GatewayConfig;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs the cleanup tasks on their schedules (Quartz cron, UTC, each configurable and {@code off}
 * to disable) and on demand. A run takes the task's lock in Redis first, so of several gateway
 * replicas only one runs a task at a time; the others skip that turn. Every run is logged with
 * its counts and duration and recorded in metrics. {@code maintenance.dry-run} makes scheduled
 * runs list instead of remove.
 */
@ApplicationScoped
public class MaintenanceRunner {
    private static final Logger LOG = Logger.getLogger(MaintenanceRunner.class);

    private final Map<String, MaintenanceTask> tasks = new TreeMap<>();
    private final TaskLocks locks;
    private final MaintenanceMetrics metrics;
    private final boolean scheduledDryRun;
    private final Duration lockTtl;

    public MaintenanceRunner(@All List<MaintenanceTask> tasks, TaskLocks locks, MaintenanceMetrics metrics,
                             GatewayConfig config) {
        tasks.forEach(t -> this.tasks.put(t.name(), t));
        this.locks = locks;
        this.metrics = metrics;
        this.scheduledDryRun = config.maintenance().dryRun();
        this.lockTtl = config.maintenance().lockTtl();
    }

    public List<String> taskNames() {
        return new ArrayList<>(tasks.keySet());
    }

    public Optional<MaintenanceTask> task(String name) {
        return Optional.ofNullable(name == null ? null : tasks.get(name));
    }

    @Scheduled(identity = "maintenance-retention", cron = "${audiomesh.gateway.maintenance.retention-cron}",
            timeZone = "UTC", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retention() {
        scheduled("retention");
    }

    @Scheduled(identity = "maintenance-failed-jobs", cron = "${audiomesh.gateway.maintenance.failed-jobs-cron}",
            timeZone = "UTC", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void failedJobs() {
        scheduled("failed-jobs");
    }

    @Scheduled(identity = "maintenance-orphans", cron = "${audiomesh.gateway.maintenance.orphans-cron}",
            timeZone = "UTC", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void orphans() {
        scheduled("orphans");
    }

    @Scheduled(identity = "maintenance-uploads", cron = "${audiomesh.gateway.maintenance.uploads-cron}",
            timeZone = "UTC", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void uploads() {
        scheduled("uploads");
    }

    private void scheduled(String name) {
        run(tasks.get(name), scheduledDryRun, Instant.now());
    }

    /**
     * Runs one task now. A dry run only reads, so it needs no lock; a real run is skipped
     * ({@code SKIPPED}) while another holds the task's lock.
     */
    public RunReport run(MaintenanceTask task, boolean dryRun, Instant now) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        RunReport report;
        if (dryRun) {
            report = execute(task, true, now, started, t0);
        } else {
            Optional<TaskLocks.Lease> lease = locks.tryAcquire(task.name(), lockTtl);
            if (lease.isEmpty()) {
                report = RunReport.of(task.name(), false, "SKIPPED", started, elapsedMs(t0), List.of(), 0,
                        "held by " + locks.holder(task.name()).orElse("another run"));
                LOG.infof("maintenance %s skipped: %s", task.name(), report.error());
                metrics.recorded(report);
                return report;
            }
            try (TaskLocks.Lease held = lease.get()) {
                report = execute(task, false, now, started, t0);
            }
        }
        metrics.recorded(report);
        if ("FAILED".equals(report.outcome())) {
            LOG.warnf("maintenance %s stopped after %d ms: found %d, removed %d: %s", task.name(), report.durationMs(),
                    report.found(), report.removed(), report.error());
        } else {
            LOG.infof("maintenance %s%s: found %d, removed %d in %d ms", task.name(), dryRun ? " (dry run)" : "",
                    report.found(), report.removed(), report.durationMs());
            if (dryRun) {
                report.items().forEach(i -> LOG.infof("  would remove %s %s: %s", i.kind(), i.id(), i.reason()));
            }
        }
        return report;
    }

    private RunReport execute(MaintenanceTask task, boolean dryRun, Instant now, Instant started, long t0) {
        List<Removal> found = List.of();
        int removed = 0;
        try {
            found = task.find(now);
            if (!dryRun) {
                for (Removal item : found) {
                    if (task.remove(item, now)) {
                        removed++;
                        metrics.removed(task.name(), item.kind());
                    }
                }
                task.afterRemovals(now);
            }
            return RunReport.of(task.name(), dryRun, dryRun ? "DRY_RUN" : "DONE", started, elapsedMs(t0), found,
                    removed, null);
        } catch (Exception e) {
            return RunReport.of(task.name(), dryRun, "FAILED", started, elapsedMs(t0), found, removed, e.toString());
        }
    }

    private static long elapsedMs(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
