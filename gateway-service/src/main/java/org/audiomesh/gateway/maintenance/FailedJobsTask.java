package org.audiomesh.gateway.maintenance;

import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.gateway.config.GatewayConfig;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code failed-jobs}: removes jobs that failed (or were cancelled) more than
 * {@code maintenance.failed-after} ago, and queued or running jobs without an update for
 * {@code maintenance.abandoned-after}, with their files; their summaries stay.
 */
@ApplicationScoped
public class FailedJobsTask implements MaintenanceTask {
    private final JobExpiry expiry;
    private final Duration youngest;

    public FailedJobsTask(JobExpiry expiry, GatewayConfig config) {
        this.expiry = expiry;
        Duration a = config.maintenance().failedAfter();
        Duration b = config.maintenance().abandonedAfter();
        this.youngest = a.compareTo(b) < 0 ? a : b; // a younger job cannot be due yet
    }

    @Override
    public String name() {
        return "failed-jobs";
    }

    @Override
    public List<Removal> find(Instant now) {
        return expiry.scan(now.minus(youngest), now, (id, fields) -> expiry.failedOrAbandoned(id, fields, now));
    }

    @Override
    public boolean remove(Removal item, Instant now) throws IOException {
        return expiry.removeIfDue(item, (id, fields) -> expiry.failedOrAbandoned(id, fields, now));
    }
}
