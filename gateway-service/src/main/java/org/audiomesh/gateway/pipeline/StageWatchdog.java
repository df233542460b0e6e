package org.audiomesh.gateway.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.audiomesh.common.contract.JobEvent;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.contract.StageError;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.gateway.config.GatewayConfig;
import org.audiomesh.gateway.job.JobFields;
import org.audiomesh.gateway.job.JobState;
import org.audiomesh.gateway.job.JobStore;
import org.audiomesh.gateway.job.StageStatus;
import org.audiomesh.gateway.maintenance.TaskLocks;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ends stages nobody works on any more, so no job stays QUEUED or RUNNING forever (a worker killed
 * for good, an event lost while Redis was away, a request lost with a broker). A RUNNING stage
 * without any event for longer than {@code stage-timeout-base + stage-timeout-per-audio-second x
 * the audio's duration} (at most {@code stage-timeout-max}), or a QUEUED one for longer than
 * {@code queued-timeout}, gets a FAILED event with the retryable code {@code STAGE_TIMEOUT}. The
 * event goes through {@code audiomesh.job.events} like a worker's, so the coordinator records it and
 * applies the degradation rules; a worker's late event for that stage is then ignored. One gateway
 * replica looks at a time (lock {@code audiomesh:lock:stage-watchdog}).
 */
@ApplicationScoped
public class StageWatchdog {
    private static final Logger LOG = Logger.getLogger(StageWatchdog.class);
    /** Worker name on the watchdog's events. */
    public static final String WORKER = "gateway-watchdog";
    private static final String TASK = "stage-watchdog";
    private static final int MAX_JOBS_PER_LOOK = 10_000;

    private final JobStore jobs;
    private final Pipelines pipelines;
    private final StageDispatcher dispatcher;
    private final TaskLocks locks;
    private final MeterRegistry registry;
    private final GatewayConfig.Watchdog config;

    public StageWatchdog(JobStore jobs, Pipelines pipelines, StageDispatcher dispatcher, TaskLocks locks,
                         MeterRegistry registry, GatewayConfig config) {
        this.jobs = jobs;
        this.pipelines = pipelines;
        this.dispatcher = dispatcher;
        this.locks = locks;
        this.registry = registry;
        this.config = config.watchdog();
    }

    /** Registers the timeout counters at 0, so that dashboards and alerts see them before the first timeout. */
    void onStart(@Observes StartupEvent start) {
        for (Stage stage : Stage.values()) {
            for (StageStatus status : new StageStatus[] {StageStatus.QUEUED, StageStatus.RUNNING}) {
                timeouts(stage, status);
            }
        }
    }

    private Counter timeouts(Stage stage, StageStatus status) {
        return Counter.builder("audiomesh.stage.timeouts")
                .description("Stages the watchdog ended with STAGE_TIMEOUT, by the state they were stuck in")
                .tags("stage", stage.id(), "state", status.name()).register(registry);
    }

    /** A stage that timed out: what the watchdog reports. */
    public record Overdue(String jobId, Stage stage, StageStatus status, Duration silent, Duration limit) {
    }

    @Scheduled(identity = "stage-watchdog", every = "${audiomesh.gateway.watchdog.interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            look(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf("stage watchdog could not look this time: %s", e.toString());
        }
    }

    /** Looks once (under the lock) and times out every overdue stage; returns what it timed out. */
    public List<Overdue> look(Instant now) {
        Optional<TaskLocks.Lease> lease = locks.tryAcquire(TASK, Duration.ofMinutes(2));
        if (lease.isEmpty()) {
            return List.of();
        }
        List<Overdue> timedOut = new ArrayList<>();
        try (TaskLocks.Lease held = lease.get()) {
            for (String id : jobs.active(MAX_JOBS_PER_LOOK)) {
                Optional<Map<String, String>> fields = jobs.find(id);
                if (fields.isEmpty()) {
                    jobs.ended(id); // deleted or expired
                    continue;
                }
                JobState job = new JobState(id, fields.get());
                if (job.status().terminal()) {
                    jobs.ended(id);
                    continue;
                }
                for (Overdue o : overdue(job, now)) {
                    timeOut(job, o);
                    timedOut.add(o);
                }
            }
        }
        return timedOut;
    }

    /** The stages of a job that have been silent past their limit at {@code now}. */
    public List<Overdue> overdue(JobState job, Instant now) {
        Pipeline pipeline = pipelines.find(job.pipeline()).orElse(null);
        if (pipeline == null) {
            return List.of();
        }
        List<Overdue> out = new ArrayList<>();
        for (Stage s : pipeline.stageIds()) {
            StageStatus status = job.stageStatus(s);
            Duration limit;
            if (status == StageStatus.RUNNING) {
                limit = runningLimit(parseDouble(job.get(JobFields.INPUT_DURATION_S)));
            } else if (status == StageStatus.QUEUED && !config.queuedTimeout().isZero()) {
                limit = config.queuedTimeout();
            } else {
                continue;
            }
            Instant last = firstInstant(job.get(JobFields.eventAt(s)), job.get(JobFields.startedAt(s)),
                    job.get(JobFields.UPDATED_AT), job.get(JobFields.CREATED_AT));
            if (last == null) {
                continue;
            }
            Duration silent = Duration.between(last, now);
            if (silent.compareTo(limit) > 0) {
                out.add(new Overdue(job.id(), s, status, silent, limit));
            }
        }
        return out;
    }

    /** The silence a RUNNING stage is allowed for audio of this many seconds. */
    public Duration runningLimit(double audioSeconds) {
        double seconds = config.stageTimeoutBase().toMillis() / 1000.0
                + Math.max(0, audioSeconds) * config.stageTimeoutPerAudioSecond();
        Duration d = Duration.ofMillis((long) (seconds * 1000));
        return d.compareTo(config.stageTimeoutMax()) > 0 ? config.stageTimeoutMax() : d;
    }

    private void timeOut(JobState job, Overdue o) {
        String what = o.status() == StageStatus.QUEUED ? "was not picked up" : "sent no event";
        String message = "the " + o.stage().id() + " stage " + what + " for " + o.silent().toSeconds()
                + " s (limit " + o.limit().toSeconds() + " s); the watchdog ended it";
        int attempt = parseInt(job.get(JobFields.attempts(o.stage())));
        String engine = job.get(JobFields.engine(o.stage()));
        dispatcher.report(JobEvent.failed(job.id(), o.stage(), attempt,
                new StageError(ErrorCode.STAGE_TIMEOUT, message, true), engine == null ? "" : engine, WORKER));
        timeouts(o.stage(), o.status()).increment();
        LOG.warnf("job %s: %s", job.id(), message);
    }

    private static Instant firstInstant(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                try {
                    return Instant.parse(v);
                } catch (DateTimeParseException e) {
                    // try the next
                }
            }
        }
        return null;
    }

    private static double parseDouble(String s) {
        try {
            return s == null ? 0 : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
