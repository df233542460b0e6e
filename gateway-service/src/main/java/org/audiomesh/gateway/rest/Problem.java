package org.audiomesh.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/**
 * RFC 9457 problem details with the stable {@code code} every client can switch on.
 *
 * @param type   URI naming the problem type ({@code urn:audiomesh:problem:<code>})
 * @param status HTTP status
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, String instance) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String code, String detail, String instance) {
        Response.Status s = Response.Status.fromStatusCode(status);
        String title = s != null ? s.getReasonPhrase() : "HTTP " + status;
        return new Problem("urn:audiomesh:problem:" + code.toLowerCase().replace('_', '-'), title, status, detail, code,
                instance);
    }
}
