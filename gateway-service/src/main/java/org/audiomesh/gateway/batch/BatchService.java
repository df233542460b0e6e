package org.audiomesh.gateway.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.audiomesh.common.storage.JobIds;
import org.audiomesh.gateway.analytics.JobSummaries;
import org.audiomesh.gateway.analytics.JobSummary;
import org.audiomesh.gateway.config.GatewayConfig;
import org.audiomesh.gateway.job.GatewayMetrics;
import org.audiomesh.gateway.job.JobFields;
import org.audiomesh.gateway.job.JobService;
import org.audiomesh.gateway.job.JobState;
import org.audiomesh.gateway.job.JobStatus;
import org.audiomesh.gateway.job.JobStore;
import org.audiomesh.gateway.pipeline.Pipeline;
import org.audiomesh.gateway.rest.ApiCodes;
import org.audiomesh.gateway.rest.ApiProblem;
import org.audiomesh.gateway.rest.ProblemMappers;
import org.audiomesh.gateway.security.UploadNames;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Batches of recordings: each file becomes its own job through the same validation as a single
 * upload; a file that fails validation is refused in its own entry, with the status and code a
 * single upload would have had, and never fails the batch. A batch's status is computed from its
 * jobs whenever it is read (see {@link BatchStatus}).
 */
@ApplicationScoped
public class BatchService {
    private static final Logger LOG = Logger.getLogger(BatchService.class);

    private final JobService jobService;
    private final JobStore jobs;
    private final JobSummaries summaries;
    private final BatchStore batches;
    private final GatewayMetrics metrics;
    private final ContractJson json;
    private final int maxFiles;

    public BatchService(JobService jobService, JobStore jobs, JobSummaries summaries, BatchStore batches,
                        GatewayMetrics metrics, ContractJson json, GatewayConfig config) {
        this.jobService = jobService;
        this.jobs = jobs;
        this.summaries = summaries;
        this.batches = batches;
        this.metrics = metrics;
        this.json = json;
        this.maxFiles = config.batch().maxFiles();
    }

    public int maxFiles() {
        return maxFiles;
    }

    public BatchStore.Batch submit(List<FileUpload> files, Pipeline pipeline, Map<String, String> options) {
        if (files == null || files.isEmpty()) {
            throw new ApiProblem(400, ApiCodes.EMPTY_BATCH, "send the recordings as the repeated multipart field 'files'");
        }
        if (files.size() > maxFiles) {
            throw new ApiProblem(400, ApiCodes.TOO_MANY_FILES, "a batch holds at most " + maxFiles + " files; this one has "
                    + files.size());
        }
        String batchId = JobIds.newId();
        List<BatchEntry> entries = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            entries.add(submitOne(i, files.get(i), pipeline, options));
        }
        BatchStore.Batch batch = new BatchStore.Batch(batchId, Instant.now(), pipeline.name(), options, entries);
        batches.create(batch);
        long refused = entries.stream().filter(e -> e.jobId() == null).count();
        LOG.infof("batch %s created: %d files, %d refused, pipeline %s", batchId, entries.size(), refused,
                pipeline.name());
        return batch;
    }

    private BatchEntry submitOne(int index, FileUpload upload, Pipeline pipeline, Map<String, String> options) {
        String shown = displayName(upload.fileName());
        try {
            String name = UploadNames.check(upload.fileName());
            JobState job = jobService.submit(upload.uploadedFile(), name, pipeline, options);
            return BatchEntry.accepted(index, name, job.id());
        } catch (ApiProblem e) {
            metrics.rejected(e.code());
            return BatchEntry.refused(index, shown, e.status(), e.code(), e.getMessage());
        } catch (ProcessingException e) {
            metrics.rejected(e.code());
            return BatchEntry.refused(index, shown, ProblemMappers.statusOf(e), e.code(), e.getMessage());
        } catch (Exception e) {
            LOG.errorf(e, "batch file %d (%s) could not be stored", index, shown);
            return BatchEntry.refused(index, shown, 503, ErrorCode.SERVICE_UNAVAILABLE,
                    "this file could not be stored; submit it again");
        }
    }

    public BatchStore.Batch get(String batchId) {
        if (!JobIds.isValid(batchId)) {
            throw new ApiProblem(404, ApiCodes.BATCH_NOT_FOUND, "no batch with this id");
        }
        return batches.find(batchId).orElseThrow(() -> new ApiProblem(404, ApiCodes.BATCH_NOT_FOUND,
                "no batch with this id"));
    }

    /** The batch with each file's current job status and the aggregate status. */
    public ObjectNode view(BatchStore.Batch batch) {
        ObjectNode n = json.mapper().createObjectNode();
        n.put("batchId", batch.id());
        n.put("pipeline", batch.pipeline());
        n.put("createdAt", batch.createdAt().toString());
        n.set("options", json.mapper().valueToTree(batch.options()));
        List<JobStatus> outcomes = new ArrayList<>();
        ArrayNode files = n.putArray("files");
        int refused = 0;
        for (BatchEntry e : batch.entries()) {
            ObjectNode f = files.addObject().put("index", e.index()).put("fileName", e.fileName());
            if (e.jobId() == null) {
                refused++;
                outcomes.add(JobStatus.FAILED);
                f.putNull("jobId").put("status", "REFUSED").put("httpStatus", e.httpStatus()).put("code", e.code())
                        .put("detail", e.detail());
                continue;
            }
            f.put("jobId", e.jobId()).put("job", "/api/v1/jobs/" + e.jobId());
            JobStatus status = describeJob(e.jobId(), f);
            outcomes.add(status);
        }
        BatchStatus aggregate = BatchStatus.of(outcomes);
        n.put("status", aggregate.name());
        ObjectNode counts = n.putObject("counts");
        counts.put("files", batch.entries().size());
        counts.put("refused", refused);
        for (JobStatus s : JobStatus.values()) {
            long c = 0;
            for (int i = 0; i < outcomes.size(); i++) {
                if (outcomes.get(i) == s && batch.entries().get(i).jobId() != null) {
                    c++;
                }
            }
            counts.put(s.name().toLowerCase(java.util.Locale.ROOT), c);
        }
        return n;
    }

    /** Fills a file's status from its job, or from the job's summary once the job itself was removed. */
    private JobStatus describeJob(String jobId, ObjectNode f) {
        Optional<Map<String, String>> fields = jobs.find(jobId);
        if (fields.isPresent()) {
            JobState job = new JobState(jobId, fields.get());
            f.put("status", job.status().name());
            ObjectNode errors = json.mapper().createObjectNode();
            for (Stage s : Stage.values()) {
                String err = job.get(JobFields.error(s));
                if (err != null) {
                    errors.put(s.id(), errorCode(err));
                }
            }
            if (!errors.isEmpty()) {
                f.put("code", errors.fields().next().getValue().asText());
                f.set("errors", errors);
            }
            return job.status();
        }
        Optional<JobSummary> summary = summaries.find(jobId);
        if (summary.isPresent()) {
            f.put("status", summary.get().status().name()).put("removed", true);
            List<String> codes = summary.get().errorCodes();
            if (!codes.isEmpty()) {
                f.put("code", codes.get(0));
            }
            return summary.get().status();
        }
        // deleted by the client before it ended: it will never end
        f.put("status", JobStatus.CANCELLED.name()).put("removed", true);
        return JobStatus.CANCELLED;
    }

    private String errorCode(String errorJson) {
        try {
            JsonNode n = json.mapper().readTree(errorJson);
            return n.path("code").asText(ErrorCode.INTERNAL_ERROR);
        } catch (Exception e) {
            return ErrorCode.INTERNAL_ERROR;
        }
    }

    private static String displayName(String name) {
        if (name == null || name.isBlank()) {
            return "upload";
        }
        StringBuilder b = new StringBuilder();
        name.strip().codePoints().filter(c -> !Character.isISOControl(c)).limit(UploadNames.MAX_LENGTH)
                .forEach(b::appendCodePoint);
        return b.toString();
    }
}
