package org.audiomesh.common.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.common.contract.Stage;

import java.time.Duration;

/**
 * The worker's Prometheus metrics: {@code audiomesh_stage_duration_seconds},
 * {@code audiomesh_stage_realtime_factor} (processing time / audio duration; below 1 is faster
 * than real time), {@code audiomesh_stage_failures_total{code}}, {@code audiomesh_stage_dlq_total},
 * {@code audiomesh_stage_replayed_total}, {@code audiomesh_stage_retries_exhausted_total}, each
 * tagged with stage and engine.
 */
@ApplicationScoped
public class WorkerMetrics {
    private final MeterRegistry registry;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void completed(Stage stage, String engine, Duration took, double audioSeconds) {
        Timer.builder("audiomesh.stage.duration").description("Engine time per stage run")
                .tags("stage", stage.id(), "engine", engine, "outcome", "completed")
                .publishPercentileHistogram().register(registry).record(took);
        if (audioSeconds > 0) {
            DistributionSummary.builder("audiomesh.stage.realtime.factor")
                    .description("Processing seconds per second of audio (below 1 is faster than real time)")
                    .tags("stage", stage.id(), "engine", engine).register(registry)
                    .record(took.toNanos() / 1e9 / audioSeconds);
        }
    }

    public void failed(Stage stage, String engine, String code, Duration took) {
        Timer.builder("audiomesh.stage.duration").tags("stage", stage.id(), "engine", engine, "outcome", "failed")
                .register(registry).record(took);
        Counter.builder("audiomesh.stage.failures").description("Failed stage runs by error code")
                .tags("stage", stage.id(), "engine", engine, "code", code).register(registry).increment();
    }

    /**
     * Registers the counters that alerts divide by at zero, so a rate exists before the first
     * failure (a series that appears only with its first increment hides that increment from
     * {@code rate()}).
     */
    public void ready(Stage stage, String engine) {
        retriesExhaustedCounter(stage, engine);
        replayedCounter(stage);
    }

    /** A retryable failure survived every retry (the request then goes to the dead-letter topic). */
    public void retriesExhausted(Stage stage, String engine) {
        retriesExhaustedCounter(stage, engine).increment();
    }

    private Counter retriesExhaustedCounter(Stage stage, String engine) {
        return Counter.builder("audiomesh.stage.retries.exhausted")
                .description("Stage runs whose retryable failure survived every retry")
                .tags("stage", stage.id(), "engine", engine).register(registry);
    }

    public void deadLettered(Stage stage, String reason) {
        Counter.builder("audiomesh.stage.dlq").description("Requests sent to the stage's dead-letter topic")
                .tags("stage", stage.id(), "reason", reason).register(registry).increment();
    }

    public void replayed(Stage stage) {
        replayedCounter(stage).increment();
    }

    private Counter replayedCounter(Stage stage) {
        return Counter.builder("audiomesh.stage.replayed")
                .description("Redelivered requests answered from the stored result")
                .tags("stage", stage.id()).register(registry);
    }
}
