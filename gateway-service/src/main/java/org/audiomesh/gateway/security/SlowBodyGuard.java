package org.audiomesh.gateway.security;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.gateway.config.GatewayConfig;
import org.audiomesh.gateway.rest.Problem;
import org.jboss.logging.Logger;

/**
 * Times out request bodies that arrive too slowly (slow-loris): a body gets
 * {@code body-grace} plus its declared length at {@code body-min-bytes-per-second} (a chunked body:
 * the grace only). When that has passed and bytes of the body are still trickling in, the client
 * gets 408 {@code REQUEST_TIMEOUT} and the connection is closed, so a slow client holds neither a
 * connection nor an upload file for long. A body that stopped arriving is left alone here: either it
 * is complete and being processed, or the client stalled and {@code quarkus.http.idle-timeout}
 * closes it. One periodic timer per request body on the event loop, nothing per byte.
 */
@ApplicationScoped
public class SlowBodyGuard {
    private static final Logger LOG = Logger.getLogger(SlowBodyGuard.class);

    private final GatewayConfig config;
    private final ContractJson json;

    public SlowBodyGuard(GatewayConfig config, ContractJson json) {
        this.config = config;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 2).handler(this::startClock);
    }

    /** Milliseconds a body of {@code declaredBytes} (negative: unknown) may take to arrive. */
    long allowanceMillis(long declaredBytes) {
        long grace = config.bodyGrace().toMillis();
        long rate = Math.max(1, config.bodyMinBytesPerSecond());
        return declaredBytes <= 0 ? grace : grace + Math.min(declaredBytes / rate, Long.MAX_VALUE / 2000) * 1000;
    }

    private void startClock(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        long declared = declaredLength(request);
        boolean chunked = "chunked".equalsIgnoreCase(request.getHeader(HttpHeaders.TRANSFER_ENCODING));
        if (!request.isEnded() && (declared > 0 || chunked)) {
            long allowance = allowanceMillis(declared);
            long started = System.nanoTime();
            long[] lastRead = {-1};
            // once a second: a body still trickling in after its allowance is cut off; one that stopped
            // arriving is either complete (the handler paused the request after parsing it) or stalled,
            // which the idle timeout closes
            long timer = ctx.vertx().setPeriodic(1000, id -> {
                if (request.isEnded() || ctx.response().ended() || ctx.response().closed()) {
                    ctx.vertx().cancelTimer(id);
                    return;
                }
                long read = request.bytesRead();
                long elapsed = (System.nanoTime() - started) / 1_000_000;
                boolean arriving = read > lastRead[0];
                lastRead[0] = read;
                if (elapsed >= allowance && arriving) {
                    ctx.vertx().cancelTimer(id);
                    tooSlow(ctx, declared, read, elapsed);
                }
            });
            ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
        }
        ctx.next();
    }

    private void tooSlow(RoutingContext ctx, long declared, long read, long elapsedMs) {
        HttpServerRequest request = ctx.request();
        LOG.warnf("closing a connection from %s: %d of its %s body bytes arrived in %d ms", request.remoteAddress(),
                read, declared < 0 ? "chunked" : Long.toString(declared), elapsedMs);
        Problem p = Problem.of(408, ErrorCode.REQUEST_TIMEOUT, "the request body arrived too slowly; send it at least at "
                + config.bodyMinBytesPerSecond() + " bytes per second", request.path());
        ctx.response().setStatusCode(408)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(json.write(p))
                .onComplete(done -> request.connection().close());
    }

    private static long declaredLength(HttpServerRequest request) {
        String v = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
