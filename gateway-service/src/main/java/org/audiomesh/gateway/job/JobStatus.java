package org.audiomesh.gateway.job;

/** Status of a whole job (Redis field {@code status}). */
public enum JobStatus {
    QUEUED, RUNNING, COMPLETED, PARTIAL, FAILED, CANCELLED;

    public boolean terminal() {
        return this == COMPLETED || this == PARTIAL || this == FAILED || this == CANCELLED;
    }
}
