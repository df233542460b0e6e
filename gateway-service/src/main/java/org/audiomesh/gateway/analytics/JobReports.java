package org.audiomesh.gateway.analytics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.gateway.config.GatewayConfig;
import org.audiomesh.gateway.maintenance.TaskLocks;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Reports over job summaries: any range on demand, and a daily report (UTC days) built by a
 * scheduled task (lock {@code daily-report}) shortly after midnight and stored as
 * {@code audiomesh:report:daily:{yyyy-MM-dd}} for as long as the summaries are kept. A past day
 * whose report was never stored (the gateway was down, or the day is older than the feature) is
 * built and stored when first asked for.
 */
@ApplicationScoped
public class JobReports {
    static final String TASK = "daily-report";
    private static final Logger LOG = Logger.getLogger(JobReports.class);

    private final JobSummaries summaries;
    private final ValueCommands<String, String> values;
    private final TaskLocks locks;
    private final ContractJson json;
    private final MeterRegistry registry;
    private final Duration lockTtl;

    public JobReports(JobSummaries summaries, RedisDataSource redis, TaskLocks locks, ContractJson json,
                      MeterRegistry registry, GatewayConfig config) {
        this.summaries = summaries;
        this.values = redis.value(String.class);
        this.locks = locks;
        this.json = json;
        this.registry = registry;
        this.lockTtl = config.maintenance().lockTtl();
    }

    public static String dailyKey(LocalDate day) {
        return "audiomesh:report:daily:" + day;
    }

    /** The report over jobs that ended in {@code [from, to)}. */
    public ObjectNode build(Instant from, Instant to) {
        ReportAccumulator acc = new ReportAccumulator();
        summaries.forEachEnded(from, to, acc);
        return acc.toJson(json.mapper(), from, to);
    }

    /** The stored daily report of a past UTC day, built and stored now if missing; empty for today or later. */
    public Optional<ObjectNode> daily(LocalDate day, Instant now) {
        if (!day.isBefore(LocalDate.ofInstant(now, ZoneOffset.UTC))) {
            return Optional.empty();
        }
        String stored = values.get(dailyKey(day));
        if (stored != null) {
            try {
                return Optional.of((ObjectNode) json.mapper().readTree(stored));
            } catch (Exception e) {
                LOG.warnf("rebuilding the unreadable daily report of %s", day);
            }
        }
        return Optional.of(buildDaily(day));
    }

    /** Builds, stores and returns the report of one UTC day. */
    public ObjectNode buildDaily(LocalDate day) {
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        ObjectNode report = build(from, day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        report.put("date", day.toString());
        values.set(dailyKey(day), json.write(report), new SetArgs().px(summaries.ttl()));
        Counter.builder("audiomesh.reports.built").tag("kind", "daily").register(registry).increment();
        return report;
    }

    @Scheduled(identity = "daily-report", cron = "${audiomesh.gateway.analytics.daily-report-cron}", timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        Optional<TaskLocks.Lease> lease = locks.tryAcquire(TASK, lockTtl);
        if (lease.isEmpty()) {
            LOG.infof("daily report of %s: another replica builds it", yesterday);
            return;
        }
        long t0 = System.nanoTime();
        try (TaskLocks.Lease held = lease.get()) {
            ObjectNode r = buildDaily(yesterday);
            LOG.infof("daily report of %s: %d jobs in %d ms", yesterday, r.path("jobs").path("total").asLong(),
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warnf("daily report of %s failed: %s", yesterday, e.toString());
        }
    }
}
