package org.audiomesh.gateway.rest;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.audiomesh.common.storage.InvalidBlobKeyException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** Maps every failure, once, to problem+json with a stable code; bad input never becomes a 500. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final long maxUploadBytes;

    public ProblemMappers(org.audiomesh.gateway.config.GatewayConfig config) {
        this.maxUploadBytes = config.maxUploadBytes();
    }

    /** HTTP status for each processing code the upload validation can raise. */
    private static final Map<String, Integer> STATUS_BY_CODE = Map.of(
            ErrorCode.EMPTY_FILE, 400,
            ErrorCode.FILE_TOO_LARGE, 413,
            ErrorCode.UNSUPPORTED_FORMAT, 415,
            ErrorCode.DECODER_UNAVAILABLE, 415,
            ErrorCode.CORRUPT_AUDIO, 422,
            ErrorCode.AUDIO_TOO_LONG, 422,
            ErrorCode.STORAGE_FULL, 507);

    /** HTTP status for a processing failure raised while handling a request: 4xx for bad input, 507 for a full store, else 503. */
    public static int statusOf(ProcessingException e) {
        return STATUS_BY_CODE.getOrDefault(e.code(), 503);
    }

    public static Response response(int status, String code, String detail, String instance) {
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(Problem.of(status, code, detail, instance))
                .build();
    }

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem e, UriInfo uri) {
        Response r = response(e.status(), e.code(), e.getMessage(), path(uri));
        if (e.retryAfterSeconds() != null) {
            return Response.fromResponse(r).header("Retry-After", e.retryAfterSeconds()).build();
        }
        return r;
    }

    @ServerExceptionMapper
    public Response processing(ProcessingException e, UriInfo uri) {
        Integer status = STATUS_BY_CODE.get(e.code());
        if (ErrorCode.STORAGE_FULL.equals(e.code())) {
            LOG.warnf("refused an upload to %s: %s", path(uri), e.getMessage());
        }
        if (status == null) {
            LOG.errorf(e, "processing failure while serving %s", path(uri));
            return response(503, e.code(), e.getMessage(), path(uri));
        }
        return response(status, e.code(), e.getMessage(), path(uri));
    }

    @ServerExceptionMapper
    public Response invalidPath(InvalidBlobKeyException e, UriInfo uri) {
        return response(400, ErrorCode.INVALID_PATH, "invalid file path: " + e.getMessage(), path(uri));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return response(404, ErrorCode.NOT_FOUND, "no such resource", path(uri));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        return response(405, ErrorCode.METHOD_NOT_ALLOWED, "method not allowed here", path(uri));
    }

    @ServerExceptionMapper
    public Response notSupported(NotSupportedException e, UriInfo uri) {
        return response(415, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "unsupported request content type; uploads are multipart/form-data", path(uri));
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, UriInfo uri) {
        return response(406, "NOT_ACCEPTABLE", "cannot produce the requested media type", path(uri));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri, jakarta.ws.rs.core.HttpHeaders headers) {
        int status = e.getResponse() != null ? e.getResponse().getStatus() : 500;
        if (status >= 500) {
            LOG.errorf(e, "server error while serving %s", path(uri));
            return response(status, ErrorCode.INTERNAL_ERROR, "internal error", path(uri));
        }
        if (status == 413 && declaredLength(headers) <= maxUploadBytes) {
            // the body as a whole was allowed: one form field is over quarkus.http.limits.max-form-attribute-size
            return response(413, ErrorCode.FIELD_TOO_LARGE, "a form field is larger than allowed; options and "
                    + "lyrics are at most 64 KB each", path(uri));
        }
        String code = status == 413 ? ErrorCode.FILE_TOO_LARGE : ErrorCode.INVALID_REQUEST;
        return response(status, code, e.getMessage(), path(uri));
    }

    /** I/O while reading the request: a body that is not the multipart it claims, or a client that left. */
    @ServerExceptionMapper
    public Response requestIo(java.io.IOException e, UriInfo uri) {
        if (clientGone(e)) {
            LOG.debugf("client left while sending %s: %s", path(uri), e.toString());
            return response(400, ErrorCode.INVALID_REQUEST, "the connection closed before the request arrived", path(uri));
        }
        if (String.valueOf(e.getMessage()).contains("multipart")) {
            return response(400, ErrorCode.MALFORMED_MULTIPART, "the body is not well-formed multipart/form-data "
                    + "(boundary, part headers, closing delimiter)", path(uri));
        }
        return unexpected(e, uri);
    }

    private static boolean clientGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.core.http.HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    private static long declaredLength(jakarta.ws.rs.core.HttpHeaders headers) {
        try {
            String v = headers == null ? null : headers.getHeaderString("Content-Length");
            return v == null ? Long.MAX_VALUE : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (isBackendUnavailable(e)) {
            LOG.warnf("backend unavailable while serving %s: %s", path(uri), e.toString());
            return Response.fromResponse(response(503, ErrorCode.SERVICE_UNAVAILABLE,
                    "the job store is busy or unreachable; retry shortly", path(uri))).header("Retry-After", 1).build();
        }
        LOG.errorf(e, "unexpected failure while serving %s", path(uri));
        return response(500, ErrorCode.INTERNAL_ERROR, "internal error", path(uri));
    }

    /** Redis (or Kafka) overloaded or down: the client did nothing wrong and may retry. */
    public static boolean isBackendUnavailable(Throwable e) {
        if (clientGone(e)) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.vertx.core.http.ConnectionPoolTooBusyException || t instanceof java.net.ConnectException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof java.nio.channels.ClosedChannelException
                    || t instanceof org.apache.kafka.common.errors.RetriableException
                    || t instanceof org.apache.kafka.common.errors.TimeoutException
                    || t instanceof java.net.SocketException
                    || (t instanceof io.vertx.core.VertxException
                    && String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("connection"))) {
                return true;
            }
        }
        return false;
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }
}
