package org.audiomesh.gateway.security;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.gateway.config.GatewayConfig;
import org.audiomesh.gateway.rest.ProblemMappers;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.time.Duration;
import java.time.Instant;

/**
 * Per-client rate limits kept in Redis (fixed one-minute windows, so every gateway replica
 * shares them): submissions and deletions by {@code audiomesh.gateway.submits-per-minute}, reads by
 * {@code audiomesh.gateway.reads-per-minute}. Over the limit the answer is 429 problem+json with
 * {@code Retry-After}. The client is the API key when keys are enabled (with the key's own limits
 * where it has them), otherwise the remote address of the connection.
 */
@ApplicationScoped
public class RateLimiter {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final ReactiveRedisDataSource redis;
    private final GatewayConfig config;

    public RateLimiter(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.redis = redis;
        this.config = config;
    }

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext ctx, HttpServerRequest request, RoutingContext routing) {
        String path = ctx.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        String method = ctx.getMethod();
        boolean write = "POST".equals(method) || "DELETE".equals(method);
        ApiKeys.Client apiClient = routing == null ? null : routing.get(ApiKeyGuard.CLIENT);
        int limit = write ? config.submitsPerMinute() : config.readsPerMinute();
        String client;
        if (apiClient != null) {
            limit = (write ? apiClient.submitsPerMinute() : apiClient.readsPerMinute()).orElse(limit);
            client = "key:" + apiClient.name();
        } else {
            client = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        }
        if (limit <= 0) {
            return Uni.createFrom().nullItem();
        }
        int max = limit;
        long window = Instant.now().getEpochSecond() / WINDOW.toSeconds();
        String key = "audiomesh:ratelimit:" + (write ? "w:" : "r:") + client + ":" + window;
        long retryAfter = WINDOW.toSeconds() - Instant.now().getEpochSecond() % WINDOW.toSeconds();
        return redis.value(Long.class).incr(key).call(count -> count == 1
                        ? redis.key().expire(key, WINDOW.plusSeconds(5)).replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .map(count -> count > max
                        ? Response.fromResponse(ProblemMappers.response(429, ErrorCode.RATE_LIMITED,
                                "more than " + max + (write ? " submissions" : " requests")
                                        + " per minute from this client; retry later", path))
                        .header("Retry-After", retryAfter).build()
                        : null)
                .onFailure().recoverWithNull(); // Redis trouble must not take the API down: fail open
    }
}
