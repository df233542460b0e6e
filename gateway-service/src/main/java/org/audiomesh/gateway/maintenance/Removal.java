package org.audiomesh.gateway.maintenance;

/**
 * One thing a maintenance task removes (or, in a dry run, would remove).
 *
 * @param kind   {@code job} (record and files), {@code files} (a job folder without a record),
 *               {@code upload} (a temporary upload) or {@code partial-write} (a temporary blob file)
 * @param id     the job id, or the file's path relative to its root
 * @param reason why, in words
 */
public record Removal(String kind, String id, String reason) {
}
