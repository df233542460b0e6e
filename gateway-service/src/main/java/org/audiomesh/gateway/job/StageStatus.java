package org.audiomesh.gateway.job;

/** Status of one stage of a job (Redis field {@code {stage}_status}). */
public enum StageStatus {
    /** Waiting for the stages it depends on. */
    PENDING,
    /** Request published, not started yet. */
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED;
    }
}
