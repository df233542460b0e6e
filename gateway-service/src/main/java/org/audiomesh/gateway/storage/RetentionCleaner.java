package org.audiomesh.gateway.storage;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.common.storage.BlobStore;
import org.audiomesh.gateway.config.GatewayConfig;
import org.audiomesh.gateway.job.JobStore;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Retention: removes jobs older than {@code audiomesh.gateway.retention} with their files, and
 * files of jobs whose Redis record has expired (older than an hour, so an upload being stored
 * right now is never touched). Runs every {@code audiomesh.gateway.cleanup-every}.
 */
@ApplicationScoped
public class RetentionCleaner {
    private static final Logger LOG = Logger.getLogger(RetentionCleaner.class);
    private static final Duration ORPHAN_GRACE = Duration.ofHours(1);
    private static final int BATCH = 500;

    private final JobStore jobs;
    private final BlobStore blobs;
    private final Duration retention;

    public RetentionCleaner(JobStore jobs, BlobStore blobs, GatewayConfig config) {
        this.jobs = jobs;
        this.blobs = blobs;
        this.retention = config.retention();
    }

    @Scheduled(every = "${audiomesh.gateway.cleanup-every:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        clean(Instant.now());
    }

    /** @return number of jobs removed */
    public int clean(Instant now) {
        int removed = 0;
        try {
            List<String> expired;
            while (!(expired = jobs.createdBefore(now.minus(retention), BATCH)).isEmpty()) {
                for (String id : expired) {
                    blobs.deleteJob(id);
                    jobs.delete(id);
                    removed++;
                }
                if (expired.size() < BATCH) {
                    break;
                }
            }
            for (String id : blobs.jobIds()) {
                if (!jobs.exists(id) && olderThan(id, now.minus(ORPHAN_GRACE))) {
                    blobs.deleteJob(id);
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("retention cleanup stopped early: %s", e.getMessage());
        }
        if (removed > 0) {
            LOG.infof("retention removed %d expired jobs", removed);
        }
        return removed;
    }

    private boolean olderThan(String jobId, Instant limit) throws IOException {
        for (var key : blobs.list(jobId)) {
            java.nio.file.Path f = blobs.localFile(key);
            if (java.nio.file.Files.getLastModifiedTime(f).toInstant().isAfter(limit)) {
                return false;
            }
        }
        return true;
    }
}
