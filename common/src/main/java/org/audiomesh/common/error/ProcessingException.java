package org.audiomesh.common.error;

/**
 * The one failure type of audio processing: a stable machine-readable {@code code} (see
 * {@link ErrorCode}) and whether trying again may help. The gateway maps it once to
 * problem+json; stage workers map it once to a {@code FAILED} job event.
 */
public class ProcessingException extends RuntimeException {
    private final String code;
    private final boolean retryable;

    public ProcessingException(String code, String message, boolean retryable) {
        super(message);
        this.code = code;
        this.retryable = retryable;
    }

    public ProcessingException(String code, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
    }

    /** A failure caused by the input itself: trying again cannot help. */
    public static ProcessingException badInput(String code, String message) {
        return new ProcessingException(code, message, false);
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }
}
