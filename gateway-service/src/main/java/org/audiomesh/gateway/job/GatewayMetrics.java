package org.audiomesh.gateway.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * Job-level metrics: {@code audiomesh_jobs_submitted_total{pipeline}},
 * {@code audiomesh_jobs_finished_total{pipeline,status}}, {@code audiomesh_job_duration_seconds},
 * {@code audiomesh_upload_bytes}, {@code audiomesh_uploads_rejected_total{code}},
 * {@code audiomesh_stage_events_total{stage,type}}.
 */
@ApplicationScoped
public class GatewayMetrics {
    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void submitted(String pipeline, long bytes) {
        Counter.builder("audiomesh.jobs.submitted").tag("pipeline", pipeline).register(registry).increment();
        DistributionSummary.builder("audiomesh.upload.bytes").baseUnit("bytes").register(registry).record(bytes);
    }

    public void rejected(String code) {
        Counter.builder("audiomesh.uploads.rejected").tag("code", code).register(registry).increment();
    }

    public void finished(String pipeline, JobStatus status, Duration took) {
        Counter.builder("audiomesh.jobs.finished").tags("pipeline", pipeline, "status", status.name())
                .register(registry).increment();
        Timer.builder("audiomesh.job.duration").tags("pipeline", pipeline, "status", status.name())
                .publishPercentileHistogram().register(registry).record(took);
    }

    public void stageEvent(String stage, String type) {
        Counter.builder("audiomesh.stage.events").tags("stage", stage, "type", type).register(registry).increment();
    }
}
