package org.audiomesh.analysis.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * RFC 9457 problem details with the stable {@code code} clients switch on, as the gateway writes
 * them, plus the training files or classes at fault where there are any.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        @JsonProperty("type") String type,
        @JsonProperty("title") String title,
        @JsonProperty("status") int status,
        @JsonProperty("detail") String detail,
        @JsonProperty("code") String code,
        @JsonProperty("instance") String instance,
        @JsonProperty("files") List<String> files,
        @JsonProperty("classes") Map<String, Integer> classes) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(int status, String code, String detail, String instance, List<String> files,
            Map<String, Integer> classes) {
        Response.Status s = Response.Status.fromStatusCode(status);
        Problem p = new Problem("urn:audiomesh:problem:" + code.toLowerCase().replace('_', '-'),
                s != null ? s.getReasonPhrase() : "HTTP " + status, status, detail, code, instance, files, classes);
        return Response.status(status).type(MEDIA_TYPE).entity(p).build();
    }
}
