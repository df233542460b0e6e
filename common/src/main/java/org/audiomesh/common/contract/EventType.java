package org.audiomesh.common.contract;

/** What a {@link JobEvent} reports about a stage. */
public enum EventType {
    STARTED,
    PROGRESS,
    COMPLETED,
    FAILED;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED;
    }
}
