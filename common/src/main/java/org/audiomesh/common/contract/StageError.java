package org.audiomesh.common.contract;

/**
 * Why a stage failed.
 *
 * @param code      stable code (see {@link org.audiomesh.common.error.ErrorCode})
 * @param message   human-readable detail
 * @param retryable whether trying again may help
 */
public record StageError(String code, String message, boolean retryable) {
}
