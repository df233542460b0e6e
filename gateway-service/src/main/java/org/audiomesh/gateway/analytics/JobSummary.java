package org.audiomesh.gateway.analytics;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.gateway.job.JobFields;
import org.audiomesh.gateway.job.JobState;
import org.audiomesh.gateway.job.JobStatus;
import org.audiomesh.gateway.job.StageStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What is kept of a job once it ended, for reports and exports; outlives the job and its files.
 *
 * @param durationS      seconds from submission to the end of the job
 * @param inputDurationS seconds of audio in the upload, null when unknown
 * @param noiseClass     the analysis stage's {@code noise.class}, null when it reported none
 */
public record JobSummary(String jobId, String pipeline, JobStatus status, Instant createdAt, Instant endedAt,
                         double durationS, Double inputDurationS, String noiseClass, List<StageSummary> stages) {

    public JobSummary {
        stages = stages == null ? List.of() : List.copyOf(stages);
    }

    /**
     * One stage of an ended job.
     *
     * @param durationS      seconds from the stage's first STARTED to its end, null when it never started
     * @param realTimeFactor processing seconds per second of audio (below 1 is faster than real time), or null
     * @param errorCode      the failure's code, null unless it failed
     */
    public record StageSummary(String stage, StageStatus status, String engine, Double durationS,
                               Double realTimeFactor, String errorCode, int attempts) {
    }

    /** The codes of the stages that failed, in stage order. */
    @JsonIgnore
    public List<String> errorCodes() {
        return stages.stream().map(StageSummary::errorCode).filter(Objects::nonNull).toList();
    }

    /** Summarises a job the moment it reached its final status. */
    public static JobSummary of(JobState job, List<Stage> stages, JobStatus outcome, Instant endedAt,
                                ObjectMapper mapper) {
        Instant created = parseInstant(job.get(JobFields.CREATED_AT));
        Double audioSeconds = parseDouble(job.get(JobFields.INPUT_DURATION_S));
        List<StageSummary> list = new ArrayList<>();
        for (Stage s : stages) {
            StageStatus st = job.stageStatus(s);
            Instant started = parseInstant(job.get(JobFields.startedAt(s)));
            Instant ended = parseInstant(job.get(JobFields.completedAt(s)));
            Double took = started != null && ended != null ? Duration.between(started, ended).toMillis() / 1000.0 : null;
            Double rtf = took != null && audioSeconds != null && audioSeconds > 0 ? took / audioSeconds : null;
            String engine = job.get(JobFields.engine(s));
            list.add(new StageSummary(s.id(), st, engine == null || engine.isEmpty() ? null : engine, took, rtf,
                    st == StageStatus.FAILED ? errorCode(job.get(JobFields.error(s)), mapper) : null,
                    parseInt(job.get(JobFields.attempts(s)))));
        }
        double total = created == null ? 0 : Duration.between(created, endedAt).toMillis() / 1000.0;
        return new JobSummary(job.id(), job.pipeline(), outcome, created, endedAt, total, audioSeconds,
                noiseClass(job.get(JobFields.result(Stage.ANALYSIS)), mapper), list);
    }

    private static String errorCode(String errorJson, ObjectMapper mapper) {
        JsonNode n = readTree(errorJson, mapper);
        return n != null && n.path("code").isTextual() ? n.get("code").asText() : "INTERNAL_ERROR";
    }

    private static String noiseClass(String analysisResult, ObjectMapper mapper) {
        JsonNode n = readTree(analysisResult, mapper);
        JsonNode c = n == null ? null : n.path("noise").path("class");
        return c != null && c.isTextual() && !c.asText().isBlank() ? c.asText() : null;
    }

    private static JsonNode readTree(String json, ObjectMapper mapper) {
        if (json == null || json.isEmpty()) {
            return null;
        }
        try {
            return mapper.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }

    private static Instant parseInstant(String s) {
        try {
            return s == null || s.isEmpty() ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Double parseDouble(String s) {
        try {
            return s == null || s.isEmpty() ? null : Double.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int parseInt(String s) {
        try {
            return s == null || s.isEmpty() ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
