package org.audiomesh.gateway.security;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.gateway.config.GatewayConfig;
import org.audiomesh.gateway.rest.Problem;

/**
 * Enforces the upload size limit before the body streams in: a multipart upload must declare its
 * {@code Content-Length} (411 {@code LENGTH_REQUIRED} otherwise; browsers, curl and HTTP client
 * libraries always do), and one that declares more than the limit is refused with 413
 * {@code FILE_TOO_LARGE} before a byte is read. The HTTP framing then holds the body to the
 * declared length, and {@code quarkus.http.limits.max-body-size} bounds any other request. A batch
 * ({@code POST /api/v1/batches}) is held to {@code audiomesh.gateway.batch.max-bytes} as a whole;
 * each of its files is checked against the upload limit on its own.
 */
@ApplicationScoped
public class UploadSizeGuard {
    /** Room for multipart boundaries and the small form fields beside the file. */
    static final long MULTIPART_OVERHEAD = 64 * 1024;

    private final GatewayConfig config;
    private final ContractJson json;

    public UploadSizeGuard(GatewayConfig config, ContractJson json) {
        this.config = config;
        this.json = json;
    }

    void install(@Observes Router router) {
        // after the API key check (ApiKeyGuard, Integer.MIN_VALUE): strangers learn no limits
        router.route().order(Integer.MIN_VALUE + 1).handler(this::checkDeclaredLength);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::tooLarge);
    }

    private void checkDeclaredLength(RoutingContext ctx) {
        if (ctx.request().method() == HttpMethod.POST) {
            String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared == null && isMultipart(ctx)) {
                reply(ctx, 411, ErrorCode.LENGTH_REQUIRED, "uploads must declare their Content-Length");
                return;
            }
            if (declared != null) {
                try {
                    boolean batch = isBatch(ctx);
                    long limit = batch ? config.batch().maxBytes() : config.maxUploadBytes();
                    if (Long.parseLong(declared.trim()) > limit + MULTIPART_OVERHEAD) {
                        reply(ctx, 413, ErrorCode.FILE_TOO_LARGE, batch
                                ? "the batch is larger than the limit of " + limit + " bytes for all files together"
                                : tooLargeDetail());
                        return;
                    }
                } catch (NumberFormatException e) {
                    reply(ctx, 400, ErrorCode.INVALID_REQUEST, "Content-Length is not a number");
                    return;
                }
            }
        }
        ctx.next();
    }

    private void tooLarge(RoutingContext ctx) {
        if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
            reply(ctx, 413, ErrorCode.FILE_TOO_LARGE, tooLargeDetail());
        } else {
            ctx.next();
        }
    }

    /** A batch carries several files: its body is held to the batch limit instead (each file still to the upload limit). */
    private static boolean isBatch(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        return path != null && (path.equals("/api/v1/batches") || path.equals("/api/v1/batches/"));
    }

    private static boolean isMultipart(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
    }

    private String tooLargeDetail() {
        return "the upload is larger than the limit of " + config.maxUploadBytes() + " bytes";
    }

    private void reply(RoutingContext ctx, int status, String code, String detail) {
        Problem p = Problem.of(status, code, detail, ctx.request().path());
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(json.write(p));
    }
}
