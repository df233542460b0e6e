package org.audiomesh.gateway.batch;

import org.audiomesh.gateway.job.JobStatus;

import java.util.Collection;

/**
 * Status of a whole batch, from its files' outcomes: RUNNING while any job has not ended;
 * COMPLETED when every job COMPLETED; FAILED when every file failed (refused, or its job FAILED or
 * was CANCELLED); PARTIAL otherwise (some files failed, or a job ended PARTIAL).
 */
public enum BatchStatus {
    RUNNING, COMPLETED, PARTIAL, FAILED;

    /** @param outcomes per file: its job's status, or FAILED for a refused file */
    public static BatchStatus of(Collection<JobStatus> outcomes) {
        boolean allCompleted = true;
        boolean allFailed = true;
        for (JobStatus s : outcomes) {
            if (!s.terminal()) {
                return RUNNING;
            }
            allCompleted &= s == JobStatus.COMPLETED;
            allFailed &= s == JobStatus.FAILED || s == JobStatus.CANCELLED;
        }
        return allCompleted ? COMPLETED : allFailed ? FAILED : PARTIAL;
    }
}
