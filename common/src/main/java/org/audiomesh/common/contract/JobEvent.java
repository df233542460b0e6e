package org.audiomesh.common.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;

/**
 * What a stage service reports about one stage of one job, on {@code audiomesh.job.events}
 * keyed by {@code jobId}.
 *
 * @param progress 0..1
 * @param outputs  output name to blob URI (COMPLETED only)
 * @param result   the stage's result JSON (COMPLETED only)
 * @param error    why it failed (FAILED only)
 * @param engine   engine that ran, e.g. {@code beat-dp}
 * @param worker   replica that ran it (host:pid)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobEvent(int schemaVersion, String jobId, Stage stage, int attempt, EventType type, double progress,
                       String message, Map<String, String> outputs, JsonNode result, StageError error,
                       String engine, String worker, Instant timestamp) {

    public static final int SCHEMA_VERSION = 1;

    public JobEvent {
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    }

    public static JobEvent started(StageRequest r, String engine, String worker) {
        return new JobEvent(SCHEMA_VERSION, r.jobId(), r.stage(), r.attempt(), EventType.STARTED, 0, null, null, null,
                null, engine, worker, Instant.now());
    }

    public static JobEvent progress(StageRequest r, double progress, String engine, String worker) {
        return new JobEvent(SCHEMA_VERSION, r.jobId(), r.stage(), r.attempt(), EventType.PROGRESS, progress, null, null,
                null, null, engine, worker, Instant.now());
    }

    public static JobEvent completed(StageRequest r, Map<String, String> outputs, JsonNode result, String engine,
                                     String worker) {
        return new JobEvent(SCHEMA_VERSION, r.jobId(), r.stage(), r.attempt(), EventType.COMPLETED, 1, null, outputs,
                result, null, engine, worker, Instant.now());
    }

    public static JobEvent failed(String jobId, Stage stage, int attempt, StageError error, String engine,
                                  String worker) {
        return new JobEvent(SCHEMA_VERSION, jobId, stage, attempt, EventType.FAILED, 0, error.message(), null, null,
                error, engine, worker, Instant.now());
    }
}
