package org.audiomesh.gateway.maintenance;

import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.common.storage.BlobStore;
import org.audiomesh.gateway.config.GatewayConfig;
import org.audiomesh.gateway.job.JobStore;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code orphans}: removes job folders in the blob store that no job record references, once
 * their newest file is older than {@code maintenance.orphan-grace} (an upload is stored just
 * before its job record is written, so a fresh folder is never an orphan).
 */
@ApplicationScoped
public class OrphanFilesTask implements MaintenanceTask {
    private final JobStore jobs;
    private final BlobStore blobs;
    private final BlobFolders folders;
    private final Duration grace;

    public OrphanFilesTask(JobStore jobs, BlobStore blobs, BlobFolders folders, GatewayConfig config) {
        this.jobs = jobs;
        this.blobs = blobs;
        this.folders = folders;
        this.grace = config.maintenance().orphanGrace();
    }

    @Override
    public String name() {
        return "orphans";
    }

    @Override
    public List<Removal> find(Instant now) throws IOException {
        List<Removal> due = new ArrayList<>();
        for (String id : blobs.jobIds()) {
            if (due.size() >= MAX_PER_RUN) {
                break;
            }
            if (orphan(id, now)) {
                due.add(new Removal("files", id, "no job record, no file newer than " + grace));
            }
        }
        return due;
    }

    @Override
    public boolean remove(Removal item, Instant now) throws IOException {
        if (!orphan(item.id(), now)) {
            return false;
        }
        blobs.deleteJob(item.id());
        return true;
    }

    private boolean orphan(String id, Instant now) throws IOException {
        if (jobs.exists(id)) {
            return false;
        }
        Instant newest = folders.newestChange(id);
        return newest == null || newest.isBefore(now.minus(grace));
    }
}
