package org.audiomesh.common.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/**
 * Asks a stage service to process one job's input. Published by the gateway's coordinator on
 * {@code audiomesh.stage.<stage>}, keyed by {@code jobId}.
 *
 * @param attempt 1 for the first request of this stage in this job
 * @param options stage options as given by the client (validated by the gateway)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageRequest(int schemaVersion, String jobId, Stage stage, int attempt, InputRef input,
                           Map<String, String> options, Instant requestedAt, String traceparent) {

    public static final int SCHEMA_VERSION = 1;

    public StageRequest {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public static StageRequest of(String jobId, Stage stage, int attempt, InputRef input, Map<String, String> options) {
        return new StageRequest(SCHEMA_VERSION, jobId, stage, attempt, input, options, Instant.now(), null);
    }
}
