package org.audiomesh.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.storage.BlobKey;
import org.audiomesh.gateway.job.JobFields;
import org.audiomesh.gateway.job.JobState;
import org.audiomesh.gateway.pipeline.Pipeline;
import org.audiomesh.gateway.pipeline.Pipelines;

import java.util.Iterator;
import java.util.Map;

/** Renders job hashes as the API's JSON documents (status, results, list entries). */
@ApplicationScoped
public class JobViews {
    public static final String API = "/api/v1/jobs/";

    private final ObjectMapper mapper;
    private final Pipelines pipelines;

    public JobViews(ContractJson json, Pipelines pipelines) {
        this.mapper = json.mapper();
        this.pipelines = pipelines;
    }

    /** {@code GET /api/v1/jobs/{id}}. */
    public ObjectNode status(JobState job) {
        ObjectNode n = summary(job);
        n.put("updatedAt", job.get(JobFields.UPDATED_AT));
        putIfPresent(n, "completedAt", job.get(JobFields.COMPLETED_AT));
        ObjectNode input = n.putObject("input");
        input.put("fileName", job.get(JobFields.INPUT_FILENAME));
        input.put("format", job.get(JobFields.INPUT_FORMAT));
        input.put("contentType", job.get(JobFields.INPUT_CONTENT_TYPE));
        putNumber(input, "sizeBytes", job.get(JobFields.INPUT_SIZE_BYTES));
        putNumber(input, "durationSeconds", job.get(JobFields.INPUT_DURATION_S));
        putNumber(input, "sampleRate", job.get(JobFields.INPUT_SAMPLE_RATE));
        putNumber(input, "channels", job.get(JobFields.INPUT_CHANNELS));
        n.set("options", parse(job.get(JobFields.OPTIONS)));
        ObjectNode stages = n.putObject("stages");
        for (Stage s : stagesOf(job)) {
            ObjectNode st = stages.putObject(s.id());
            st.put("status", job.get(JobFields.status(s)));
            putNumber(st, "progress", job.get(JobFields.progress(s)));
            putIfPresent(st, "engine", emptyToNull(job.get(JobFields.engine(s))));
            putNumber(st, "attempts", job.get(JobFields.attempts(s)));
            putIfPresent(st, "startedAt", job.get(JobFields.startedAt(s)));
            putIfPresent(st, "completedAt", job.get(JobFields.completedAt(s)));
            putIfPresent(st, "degraded", job.get(JobFields.degraded(s)));
            if (job.get(JobFields.error(s)) != null) {
                st.set("error", parse(job.get(JobFields.error(s))));
            }
        }
        ObjectNode links = n.putObject("links");
        links.put("self", API + job.id());
        links.put("results", API + job.id() + "/results");
        links.put("events", API + job.id() + "/events");
        return n;
    }

    /** One entry of {@code GET /api/v1/jobs}. */
    public ObjectNode summary(JobState job) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", job.id());
        n.put("status", job.status().name());
        n.put("pipeline", job.pipeline());
        n.put("createdAt", job.get(JobFields.CREATED_AT));
        n.put("fileName", job.get(JobFields.INPUT_FILENAME));
        return n;
    }

    /** {@code GET /api/v1/jobs/{id}/results}: each stage's result and downloadable files. */
    public ObjectNode results(JobState job) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", job.id());
        n.put("status", job.status().name());
        n.put("pipeline", job.pipeline());
        n.put("complete", job.status().terminal());
        ObjectNode stages = n.putObject("stages");
        for (Stage s : stagesOf(job)) {
            ObjectNode st = stages.putObject(s.id());
            st.put("status", job.get(JobFields.status(s)));
            putIfPresent(st, "engine", emptyToNull(job.get(JobFields.engine(s))));
            putIfPresent(st, "degraded", job.get(JobFields.degraded(s)));
            if (job.get(JobFields.result(s)) != null) {
                st.set("result", parse(job.get(JobFields.result(s))));
            }
            if (job.get(JobFields.error(s)) != null) {
                st.set("error", parse(job.get(JobFields.error(s))));
            }
            ObjectNode files = st.putObject("files");
            JsonNode outputs = parse(job.get(JobFields.outputs(s)));
            for (Iterator<Map.Entry<String, JsonNode>> it = outputs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> o = it.next();
                try {
                    BlobKey key = BlobKey.parse(o.getValue().asText());
                    files.put(o.getKey(), API + job.id() + "/files/" + key.relativePath());
                } catch (IllegalArgumentException e) {
                    // an output URI the gateway cannot serve is not listed
                }
            }
        }
        return n;
    }

    private Iterable<Stage> stagesOf(JobState job) {
        Pipeline p = pipelines.find(job.pipeline()).orElse(null);
        return p == null ? java.util.List.of() : p.stageIds();
    }

    private JsonNode parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            return mapper.createObjectNode();
        }
        try {
            return mapper.readTree(raw);
        } catch (Exception e) {
            return mapper.getNodeFactory().textNode(raw);
        }
    }

    private static void putIfPresent(ObjectNode n, String name, String value) {
        if (value != null) {
            n.put(name, value);
        }
    }

    private static void putNumber(ObjectNode n, String name, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        try {
            if (value.contains(".")) {
                n.put(name, Double.parseDouble(value));
            } else {
                n.put(name, Long.parseLong(value));
            }
        } catch (NumberFormatException e) {
            n.put(name, value);
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
