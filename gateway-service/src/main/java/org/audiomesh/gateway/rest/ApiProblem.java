package org.audiomesh.gateway.rest;

/**
 * A client-visible failure: HTTP status plus a stable {@code code}, rendered as RFC 9457
 * problem+json by {@link ProblemMappers}.
 */
public class ApiProblem extends RuntimeException {
    private final int status;
    private final String code;
    private final Long retryAfterSeconds;

    public ApiProblem(int status, String code, String detail) {
        this(status, code, detail, null);
    }

    public ApiProblem(int status, String code, String detail, Long retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
