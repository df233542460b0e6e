package org.audiomesh.gateway.maintenance;

import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.gateway.analytics.JobSummaries;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * {@code retention}: removes jobs created more than {@code audiomesh.gateway.retention} ago with
 * their files (ended or abandoned ones only), index entries whose record has expired, and index
 * entries of job summaries that have expired.
 */
@ApplicationScoped
public class RetentionTask implements MaintenanceTask {
    private final JobExpiry expiry;
    private final JobSummaries summaries;

    public RetentionTask(JobExpiry expiry, JobSummaries summaries) {
        this.expiry = expiry;
        this.summaries = summaries;
    }

    @Override
    public String name() {
        return "retention";
    }

    @Override
    public List<Removal> find(Instant now) {
        return expiry.scan(now.minus(expiry.retention()), now, (id, fields) -> expiry.pastRetention(id, fields, now));
    }

    @Override
    public boolean remove(Removal item, Instant now) throws IOException {
        return expiry.removeIfDue(item, (id, fields) -> expiry.pastRetention(id, fields, now));
    }

    /** Index entries of summaries older than their TTL point at expired keys. */
    @Override
    public void afterRemovals(Instant now) {
        summaries.trimIndexBefore(now.minus(summaries.ttl()));
    }
}
