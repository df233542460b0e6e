package org.audiomesh.gateway.maintenance;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** A cleanup the scheduler runs: finds what is due for removal, then removes it. */
public interface MaintenanceTask {
    /** Most removals one run finds; the rest waits for the next run, so a run's memory stays bounded. */
    int MAX_PER_RUN = 10_000;

    /** Stable name, used in the admin endpoint, the lock key, logs and metrics. */
    String name();

    /** What is due for removal at {@code now}; removes nothing. */
    List<Removal> find(Instant now) throws IOException;

    /**
     * Removes one item found by {@link #find}, after checking again that it is still due (a job
     * may have moved on since).
     *
     * @return whether it was removed
     */
    boolean remove(Removal item, Instant now) throws IOException;

    /** Housekeeping after the removals of a real run (not a dry run). */
    default void afterRemovals(Instant now) {
    }
}
