package org.audiomesh.gateway.job;

import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.storage.BlobKey;
import org.audiomesh.common.storage.BlobStore;
import org.audiomesh.common.storage.JobIds;
import org.audiomesh.gateway.pipeline.JobCoordinator;
import org.audiomesh.gateway.pipeline.Pipeline;
import org.audiomesh.gateway.storage.UploadValidator;
import org.audiomesh.gateway.storage.UploadValidator.ValidatedAudio;
import org.audiomesh.gateway.rest.ApiProblem;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Job lifecycle behind the API: validates and stores an upload once (claim check), creates the
 * job hash, hands it to the coordinator; looks jobs up and deletes them with their files.
 */
@ApplicationScoped
public class JobService {
    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final JobStore jobs;
    private final BlobStore blobs;
    private final UploadValidator validator;
    private final JobCoordinator coordinator;
    private final ContractJson json;
    private final GatewayMetrics metrics;

    public JobService(JobStore jobs, BlobStore blobs, UploadValidator validator, JobCoordinator coordinator,
                      ContractJson json, GatewayMetrics metrics) {
        this.jobs = jobs;
        this.blobs = blobs;
        this.validator = validator;
        this.coordinator = coordinator;
        this.json = json;
        this.metrics = metrics;
    }

    /**
     * @param upload   the uploaded bytes (a temporary file of the HTTP layer)
     * @param fileName the client's file name, kept as metadata only
     */
    public JobState submit(Path upload, String fileName, Pipeline pipeline, Map<String, String> options)
            throws IOException {
        ValidatedAudio audio = validator.validate(upload);
        String id = JobIds.newId();
        BlobKey input = new BlobKey(id, "input", "source." + audio.container().extension());
        try (InputStream in = Files.newInputStream(upload)) {
            blobs.write(input, in);
        }
        Instant now = Instant.now();
        Map<String, String> f = new HashMap<>();
        f.put(JobFields.STATUS, JobStatus.QUEUED.name());
        f.put(JobFields.PIPELINE, pipeline.name());
        f.put(JobFields.CREATED_AT, now.toString());
        f.put(JobFields.UPDATED_AT, now.toString());
        f.put(JobFields.OPTIONS, json.write(options));
        f.put(JobFields.INPUT_FILENAME, fileName == null ? "" : fileName);
        f.put(JobFields.INPUT_URI, input.uri().toString());
        f.put(JobFields.INPUT_CONTENT_TYPE, audio.container().contentType());
        f.put(JobFields.INPUT_FORMAT, audio.container().name().toLowerCase(java.util.Locale.ROOT));
        f.put(JobFields.INPUT_SIZE_BYTES, Long.toString(audio.sizeBytes()));
        f.put(JobFields.INPUT_DURATION_S, String.format(java.util.Locale.ROOT, "%.3f",
                audio.format().durationSeconds()));
        f.put(JobFields.INPUT_SAMPLE_RATE, Integer.toString(audio.format().sampleRate()));
        f.put(JobFields.INPUT_CHANNELS, Integer.toString(audio.format().channels()));
        for (Stage s : pipeline.stageIds()) {
            f.put(JobFields.status(s), StageStatus.PENDING.name());
            f.put(JobFields.progress(s), "0");
        }
        jobs.create(id, f, now);
        try {
            coordinator.start(id);
        } catch (RuntimeException e) {
            // the first stage could not be queued (Kafka unreachable): nothing half-made stays behind
            LOG.warnf("job %s: its first stages could not be queued, so it was removed: %s", id, e.toString());
            jobs.delete(id);
            blobs.deleteJob(id);
            throw new ApiProblem(503, ErrorCode.SERVICE_UNAVAILABLE,
                    "the job queue is unreachable; nothing was stored, retry shortly", 5L);
        }
        metrics.submitted(pipeline.name(), audio.sizeBytes());
        LOG.infof("job %s created: pipeline %s, %.1f s of %s", id, pipeline.name(),
                audio.format().durationSeconds(), audio.container());
        return get(id);
    }

    public JobState get(String id) {
        if (!JobIds.isValid(id)) {
            throw new ApiProblem(404, ErrorCode.JOB_NOT_FOUND, "no job with this id");
        }
        return jobs.find(id).map(m -> new JobState(id, m))
                .orElseThrow(() -> new ApiProblem(404, ErrorCode.JOB_NOT_FOUND, "no job with this id"));
    }

    /** Removes the job's state and files; events still in flight for it are ignored. */
    public void delete(String id) throws IOException {
        get(id);
        jobs.delete(id);
        blobs.deleteJob(id);
    }

    /** Areas clients may download from, in the order a bare file name is looked up. */
    private static final List<String> PUBLIC_AREAS = List.of("stems", "transcription", "enhancement", "analysis",
            "input");

    /** A job file clients may download (not the internal {@code state} area). */
    public Path file(String id, String relativePath) throws IOException {
        get(id);
        BlobKey key = BlobKey.ofRelative(id, relativePath);
        if (!PUBLIC_AREAS.contains(key.area()) || !blobs.exists(key)) {
            throw new ApiProblem(404, ErrorCode.FILE_NOT_FOUND, "this job has no file " + key.relativePath());
        }
        return blobs.localFile(key);
    }

    /** A job file found by its bare name, e.g. {@code vocals.wav}, in the first area that has it. */
    public Path fileNamed(String id, String name) throws IOException {
        get(id);
        for (String area : PUBLIC_AREAS) {
            BlobKey key = new BlobKey(id, area, name);
            if (blobs.exists(key)) {
                return blobs.localFile(key);
            }
        }
        throw new ApiProblem(404, ErrorCode.FILE_NOT_FOUND, "this job has no file named " + name);
    }
}
