package org.audiomesh.analysis.rest;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.audiomesh.analysis.noise.NoiseModelException;
import org.audiomesh.common.error.ErrorCode;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every failure of the admin API, once, to problem+json; bad input is never a 500. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response noiseModel(NoiseModelException e, UriInfo uri) {
        return Problem.response(e.status(), e.code(), e.getMessage(), path(uri), e.files(), e.classes());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return Problem.response(404, ErrorCode.NOT_FOUND, "no such resource", path(uri), List.of(), Map.of());
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        return Problem.response(405, ErrorCode.METHOD_NOT_ALLOWED, "method not allowed here", path(uri), List.of(),
                Map.of());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse() != null ? e.getResponse().getStatus() : 500;
        if (status >= 500) {
            LOG.errorf(e, "server error while serving %s", path(uri));
            return Problem.response(status, ErrorCode.INTERNAL_ERROR, "internal error", path(uri), List.of(), Map.of());
        }
        String code = status == 415 ? ErrorCode.UNSUPPORTED_MEDIA_TYPE : ErrorCode.INVALID_REQUEST;
        return Problem.response(status, code, e.getMessage(), path(uri), List.of(), Map.of());
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }
}
