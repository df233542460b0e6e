package org.audiomesh.common.worker;

import org.audiomesh.common.error.ProcessingException;

/** A processing failure that may pass on another try; the only kind the worker retries. */
public class RetryableStageException extends ProcessingException {
    public RetryableStageException(ProcessingException cause) {
        super(cause.code(), cause.getMessage(), true, cause);
    }
}
