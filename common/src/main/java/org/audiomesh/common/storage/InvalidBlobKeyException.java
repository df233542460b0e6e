package org.audiomesh.common.storage;

/** A job id, area or file name that would not stay inside the job's folder. */
public class InvalidBlobKeyException extends IllegalArgumentException {
    public InvalidBlobKeyException(String message) {
        super(message);
    }
}
