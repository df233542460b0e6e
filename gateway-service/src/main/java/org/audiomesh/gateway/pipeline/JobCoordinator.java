package org.audiomesh.gateway.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.ContractJson.MalformedMessageException;
import org.audiomesh.common.contract.InputRef;
import org.audiomesh.common.contract.JobEvent;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.contract.StageError;
import org.audiomesh.common.contract.StageRequest;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.gateway.analytics.JobSummaries;
import org.audiomesh.gateway.analytics.JobSummary;
import org.audiomesh.gateway.config.GatewayConfig;
import org.audiomesh.gateway.rest.ProblemMappers;
import org.audiomesh.gateway.job.GatewayMetrics;
import org.audiomesh.gateway.job.JobFields;
import org.audiomesh.gateway.job.JobState;
import org.audiomesh.gateway.job.JobStatus;
import org.audiomesh.gateway.job.JobStore;
import org.audiomesh.gateway.job.StageStatus;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The only writer of job state. Consumes {@code audiomesh.job.events}, records each stage's
 * progress in Redis, starts the stages whose predecessors have ended, applies the degradation
 * rules, and announces every change on the job's pub/sub channel for the SSE streams.
 * Duplicate or late events (at-least-once delivery) change nothing.
 */
@ApplicationScoped
public class JobCoordinator {
    private static final Logger LOG = Logger.getLogger(JobCoordinator.class);

    private final JobStore jobs;
    private final Pipelines pipelines;
    private final StageDispatcher dispatcher;
    private final ContractJson json;
    private final GatewayMetrics metrics;
    private final JobSummaries summaries;
    private final Duration eventRetry;

    public JobCoordinator(JobStore jobs, Pipelines pipelines, StageDispatcher dispatcher, ContractJson json,
                          GatewayMetrics metrics, JobSummaries summaries, GatewayConfig config) {
        this.jobs = jobs;
        this.pipelines = pipelines;
        this.dispatcher = dispatcher;
        this.json = json;
        this.metrics = metrics;
        this.summaries = summaries;
        this.eventRetry = config.eventRetry();
    }

    /** Starts a job just created by the API: dispatches its first stages. */
    public void start(String jobId) {
        jobs.find(jobId).ifPresent(fields -> advance(new JobState(jobId, fields)));
    }

    @Incoming("job-events")
    @Blocking
    public void onEvent(String message) {
        JobEvent event;
        try {
            event = json.readEvent(message);
        } catch (MalformedMessageException e) {
            LOG.warnf("ignoring an unreadable job event: %s", e.getMessage());
            return;
        }
        long deadline = System.nanoTime() + eventRetry.toNanos();
        for (long pause = 250; ; pause = Math.min(pause * 2, 4000)) {
            try {
                apply(event);
                return;
            } catch (RuntimeException e) {
                // Redis (or Kafka, for the next stage's request) unreachable: hold this lane and try
                // again, so a restart of Redis loses no event; anything else is logged and dropped
                if (!ProblemMappers.isBackendUnavailable(e) || System.nanoTime() + pause * 1_000_000 > deadline) {
                    LOG.errorf(e, "could not apply %s %s of job %s", event.stage().id(), event.type(), event.jobId());
                    return;
                }
                LOG.warnf("job %s: %s %s waits for the job store: %s", event.jobId(), event.stage().id(),
                        event.type(), e.toString());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    void apply(JobEvent e) {
        Optional<Map<String, String>> found = jobs.find(e.jobId());
        if (found.isEmpty()) {
            return; // deleted or expired
        }
        JobState job = new JobState(e.jobId(), found.get());
        if (job.status().terminal() || job.stageStatus(e.stage()) == null) {
            return; // finished job, or a stage this job's pipeline does not have
        }
        StageStatus current = job.stageStatus(e.stage());
        if (current.terminal()) {
            return; // duplicate (redelivery) or late event
        }
        metrics.stageEvent(e.stage().id(), e.type().name());
        Map<String, String> update = new HashMap<>();
        String now = Instant.now().toString();
        Stage s = e.stage();
        switch (e.type()) {
            case STARTED -> {
                update.put(JobFields.status(s), StageStatus.RUNNING.name());
                update.put(JobFields.engine(s), nullToEmpty(e.engine()));
                if (job.get(JobFields.startedAt(s)) == null) {
                    update.put(JobFields.startedAt(s), now);
                }
                int attempts = parseInt(job.get(JobFields.attempts(s))) + 1;
                update.put(JobFields.attempts(s), Integer.toString(attempts));
                if (job.status() == JobStatus.QUEUED) {
                    update.put(JobFields.STATUS, JobStatus.RUNNING.name());
                }
            }
            case PROGRESS -> {
                update.put(JobFields.status(s), StageStatus.RUNNING.name());
                update.put(JobFields.progress(s), String.format(java.util.Locale.ROOT, "%.3f", e.progress()));
            }
            case COMPLETED -> {
                update.put(JobFields.status(s), StageStatus.COMPLETED.name());
                update.put(JobFields.progress(s), "1");
                update.put(JobFields.engine(s), nullToEmpty(e.engine()));
                update.put(JobFields.completedAt(s), now);
                update.put(JobFields.outputs(s), json.write(e.outputs()));
                if (e.result() != null) {
                    update.put(JobFields.result(s), json.write(e.result()));
                    if (s == Stage.ANALYSIS) {
                        flattenAnalysis(e, update);
                    }
                    diarizationFailure(e).ifPresent(reason -> update.put(JobFields.degraded(s), reason));
                }
            }
            case FAILED -> {
                StageError err = e.error() != null ? e.error()
                        : new StageError(ErrorCode.INTERNAL_ERROR, "stage failed without a reason", false);
                update.put(JobFields.status(s), StageStatus.FAILED.name());
                update.put(JobFields.completedAt(s), now);
                update.put(JobFields.engine(s), nullToEmpty(e.engine()));
                update.put(JobFields.error(s), json.write(err));
            }
            default -> {
            }
        }
        update.put(JobFields.UPDATED_AT, now);
        update.put(JobFields.eventAt(s), now);
        jobs.update(e.jobId(), update);
        announceStage(e);
        if (e.type().terminal()) {
            Map<String, String> merged = new HashMap<>(job.fields());
            merged.putAll(update);
            advance(new JobState(e.jobId(), merged));
        }
    }

    /**
     * A transcription whose diarizer failed is delivered with "Unknown Speaker" (a recoverable
     * failure): the stage is marked degraded with the diarizer's reason, and the job ends PARTIAL.
     */
    static java.util.Optional<String> diarizationFailure(JobEvent e) {
        if (e.stage() != Stage.TRANSCRIPTION || e.result() == null) {
            return java.util.Optional.empty();
        }
        com.fasterxml.jackson.databind.JsonNode d = e.result().path("diarization");
        if (!"failed".equals(d.path("status").asText())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("diarization failed (" + d.path("message").asText("no reason given")
                + "): every speaker is Unknown Speaker");
    }

    /** Dispatches every stage that became ready; finishes the job when every stage ended. */
    private void advance(JobState job) {
        Pipeline pipeline = pipelines.find(job.pipeline()).orElse(null);
        if (pipeline == null) {
            return;
        }
        Map<Stage, StageStatus> states = job.stageStatuses(pipeline.stageIds());
        for (StagePlan plan : pipeline.ready(states)) {
            dispatch(job, plan, states);
            states.put(plan.stage(), StageStatus.QUEUED);
        }
        JobStatus outcome = pipeline.outcome(states);
        if (outcome == JobStatus.COMPLETED && pipeline.stageIds().stream()
                .anyMatch(st -> job.get(JobFields.degraded(st)) != null)) {
            outcome = JobStatus.PARTIAL; // every stage ran, but one delivered less (e.g. no speaker labels)
        }
        if (outcome != null) {
            Instant ended = Instant.now();
            String now = ended.toString();
            jobs.update(job.id(), Map.of(JobFields.STATUS, outcome.name(), JobFields.COMPLETED_AT, now,
                    JobFields.UPDATED_AT, now));
            jobs.ended(job.id());
            Duration took = Duration.between(Instant.parse(job.get(JobFields.CREATED_AT)), ended);
            metrics.finished(pipeline.name(), outcome, took);
            recordSummary(job, pipeline, outcome, ended);
            announceJob(job.id(), outcome);
            LOG.infof("job %s (%s) ended %s after %d ms", job.id(), pipeline.name(), outcome, took.toMillis());
        }
    }

    /** The job's durable summary for reports and exports; a failure here never holds the job back. */
    private void recordSummary(JobState job, Pipeline pipeline, JobStatus outcome, Instant ended) {
        try {
            summaries.record(JobSummary.of(job, pipeline.stageIds(), outcome, ended, json.mapper()));
        } catch (RuntimeException e) {
            LOG.warnf("job %s: could not record its summary: %s", job.id(), e.toString());
        }
    }

    private void dispatch(JobState job, StagePlan plan, Map<Stage, StageStatus> states) {
        String uri = job.get(JobFields.INPUT_URI);
        String contentType = job.get(JobFields.INPUT_CONTENT_TYPE);
        Map<String, String> update = new HashMap<>();
        if (plan.source() != null) {
            String upstream = upstreamOutput(job, plan.source());
            if (upstream != null) {
                uri = upstream;
                contentType = upstream.endsWith(".flac") ? "audio/flac" : "audio/wav";
            } else {
                update.put(JobFields.degraded(plan.stage()), plan.source().degradedMessage());
            }
        }
        update.put(JobFields.status(plan.stage()), StageStatus.QUEUED.name());
        update.put(JobFields.inputUri(plan.stage()), uri);
        String now = Instant.now().toString();
        update.put(JobFields.UPDATED_AT, now);
        update.put(JobFields.eventAt(plan.stage()), now);
        jobs.update(job.id(), update);
        Map<String, String> options = new HashMap<>(plan.defaults());
        options.putAll(readOptions(job.get(JobFields.OPTIONS)));
        if (plan.stage() == Stage.ENHANCEMENT && !options.containsKey(NOISE_HINT)) {
            noiseClass(job).ifPresent(c -> options.put(NOISE_HINT, c));
        }
        dispatcher.dispatch(StageRequest.of(job.id(), plan.stage(), 1,
                new InputRef(uri, contentType, null, null), options));
    }

    /** Enhancement option carrying the background noise class the analysis found. */
    static final String NOISE_HINT = "noise_hint";

    /** The background noise class of the job's completed analysis, if it has one. */
    private java.util.Optional<String> noiseClass(JobState job) {
        String result = job.get(JobFields.result(Stage.ANALYSIS));
        if (result == null || job.stageStatus(Stage.ANALYSIS) != StageStatus.COMPLETED) {
            return java.util.Optional.empty();
        }
        try {
            String c = json.mapper().readTree(result).path("noise").path("class").asText("");
            return c.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(c);
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        }
    }

    private String upstreamOutput(JobState job, StagePlan.InputSource source) {
        String outputs = job.get(JobFields.outputs(source.from()));
        if (outputs == null || job.stageStatus(source.from()) != StageStatus.COMPLETED) {
            return null;
        }
        try {
            // outputs are named by file name; the graph names the file without its extension
            for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = json.mapper()
                    .readTree(outputs).fields(); it.hasNext(); ) {
                Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> o = it.next();
                if (o.getKey().equals(source.output()) || o.getKey().startsWith(source.output() + ".")) {
                    return o.getValue().asText(null);
                }
            }
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    private Map<String, String> readOptions(String raw) {
        Map<String, String> options = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return options;
        }
        try {
            Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = json.mapper().readTree(raw)
                    .fields();
            while (it.hasNext()) {
                Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> f = it.next();
                options.put(f.getKey(), f.getValue().asText());
            }
        } catch (Exception e) {
            LOG.warnf("unreadable options of a job: %s", e.getMessage());
        }
        return options;
    }

    /** The karaoke backend's flat status fields, e.g. {@code beat_analysis_tempo_bpm}. */
    private void flattenAnalysis(JobEvent e, Map<String, String> update) {
        for (String f : List.of("tempo_bpm", "time_signature", "beat_confidence", "rhythm_regularity",
                "duration_s")) {
            if (e.result().hasNonNull(f)) {
                update.put(JobFields.BEAT_ANALYSIS_PREFIX + f, e.result().get(f).asText());
            }
        }
        if (e.result().has("beats") && e.result().get("beats").isArray()) {
            update.put(JobFields.BEAT_ANALYSIS_PREFIX + "beat_count", Integer.toString(e.result().get("beats").size()));
        }
    }

    private void announceStage(JobEvent e) {
        ObjectNode n = json.mapper().createObjectNode();
        n.put("kind", "stage");
        n.put("jobId", e.jobId());
        n.put("stage", e.stage().id());
        n.put("type", e.type().name());
        n.put("progress", e.progress());
        if (e.engine() != null) {
            n.put("engine", e.engine());
        }
        if (e.error() != null) {
            n.set("error", json.mapper().valueToTree(e.error()));
        }
        n.put("timestamp", Instant.now().toString());
        jobs.publish(e.jobId(), json.write(n));
    }

    private void announceJob(String jobId, JobStatus status) {
        ObjectNode n = json.mapper().createObjectNode();
        n.put("kind", "job");
        n.put("jobId", jobId);
        n.put("status", status.name());
        n.put("timestamp", Instant.now().toString());
        jobs.publish(jobId, json.write(n));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
