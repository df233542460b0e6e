package org.audiomesh.gateway.maintenance;

import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.common.storage.BlobStore;
import org.audiomesh.gateway.config.GatewayConfig;
import org.audiomesh.gateway.job.JobFields;
import org.audiomesh.gateway.job.JobState;
import org.audiomesh.gateway.job.JobStatus;
import org.audiomesh.gateway.job.JobStore;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * When a job's record and files are due for removal, and their removal. A job that is still
 * being worked on (queued or running, updated within {@code abandoned-after}) is never due,
 * whatever its age: its files are never touched.
 */
@ApplicationScoped
public class JobExpiry {
    private static final int PAGE = 500;

    private final JobStore jobs;
    private final BlobStore blobs;
    private final Duration retention;
    private final Duration failedAfter;
    private final Duration abandonedAfter;

    public JobExpiry(JobStore jobs, BlobStore blobs, GatewayConfig config) {
        this.jobs = jobs;
        this.blobs = blobs;
        this.retention = config.retention();
        this.failedAfter = config.maintenance().failedAfter();
        this.abandonedAfter = config.maintenance().abandonedAfter();
    }

    public Duration retention() {
        return retention;
    }

    /** Past retention: created before {@code now - retention}, and ended (or abandoned), or its record expired. */
    public Optional<String> pastRetention(String id, Map<String, String> fields, Instant now) {
        if (fields == null) {
            return jobs.indexed(id) ? Optional.of("record expired") : Optional.empty();
        }
        JobState job = new JobState(id, fields);
        Instant created = instant(job.get(JobFields.CREATED_AT));
        if (created == null || !created.isBefore(now.minus(retention))) {
            return Optional.empty();
        }
        if (!job.status().terminal() && !abandoned(job, now)) {
            return Optional.empty();
        }
        return Optional.of("created " + created + ", past the retention of " + retention);
    }

    /** Failed or cancelled more than {@code failed-after} ago, or queued/running without an update for {@code abandoned-after}. */
    public Optional<String> failedOrAbandoned(String id, Map<String, String> fields, Instant now) {
        if (fields == null) {
            return Optional.empty();
        }
        JobState job = new JobState(id, fields);
        JobStatus status = job.status();
        if (status == JobStatus.FAILED || status == JobStatus.CANCELLED) {
            Instant ended = instant(job.get(JobFields.COMPLETED_AT));
            ended = ended != null ? ended : instant(job.get(JobFields.UPDATED_AT));
            if (ended != null && ended.isBefore(now.minus(failedAfter))) {
                return Optional.of(status + " at " + ended + ", more than " + failedAfter + " ago");
            }
            return Optional.empty();
        }
        if (abandoned(job, now)) {
            return Optional.of(status + " without an update since " + job.get(JobFields.UPDATED_AT) + " (abandoned)");
        }
        return Optional.empty();
    }

    private boolean abandoned(JobState job, Instant now) {
        if (job.status().terminal()) {
            return false;
        }
        Instant updated = instant(job.get(JobFields.UPDATED_AT));
        return updated != null && updated.isBefore(now.minus(abandonedAfter));
    }

    /** Scans the jobs created before {@code createdBefore} (oldest first) and lists those the rule says are due. */
    public List<Removal> scan(Instant createdBefore, Instant now,
                              BiFunction<String, Map<String, String>, Optional<String>> rule) {
        List<Removal> due = new ArrayList<>();
        for (long offset = 0; due.size() < MaintenanceTask.MAX_PER_RUN; offset += PAGE) {
            List<String> ids = jobs.createdBefore(createdBefore, offset, PAGE);
            for (String id : ids) {
                rule.apply(id, jobs.find(id).orElse(null)).ifPresent(reason -> due.add(new Removal("job", id, reason)));
            }
            if (ids.size() < PAGE) {
                break;
            }
        }
        return due;
    }

    /** Removes the job's record and files if the rule still says it is due. */
    public boolean removeIfDue(Removal item, BiFunction<String, Map<String, String>, Optional<String>> rule)
            throws IOException {
        if (rule.apply(item.id(), jobs.find(item.id()).orElse(null)).isEmpty()) {
            return false;
        }
        blobs.deleteJob(item.id());
        jobs.delete(item.id());
        return true;
    }

    private static Instant instant(String s) {
        try {
            return s == null || s.isEmpty() ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
