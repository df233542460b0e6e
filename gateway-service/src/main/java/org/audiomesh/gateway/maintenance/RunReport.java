package org.audiomesh.gateway.maintenance;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one maintenance run.
 *
 * @param outcome  {@code DONE}, {@code DRY_RUN} (found, removed nothing), {@code SKIPPED} (another
 *                 run held the lock) or {@code FAILED} (stopped by an error; {@code error} says which)
 * @param found    items found due for removal
 * @param removed  items actually removed (0 in a dry run)
 * @param items    what was found, at most {@link #MAX_LISTED}
 * @param durationMs wall-clock milliseconds of the run
 */
public record RunReport(String task, boolean dryRun, String outcome, Instant startedAt, long durationMs, int found,
                        int removed, List<Removal> items, boolean truncated, String error) {
    public static final int MAX_LISTED = 1000;

    public static RunReport of(String task, boolean dryRun, String outcome, Instant startedAt, long durationMs,
                               List<Removal> found, int removed, String error) {
        List<Removal> listed = found.size() > MAX_LISTED ? found.subList(0, MAX_LISTED) : found;
        return new RunReport(task, dryRun, outcome, startedAt, durationMs, found.size(), removed, List.copyOf(listed),
                found.size() > MAX_LISTED, error);
    }
}
