package org.audiomesh.gateway.security;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.gateway.rest.Problem;

import java.util.Optional;

/**
 * When API keys are enabled, lets a request to any {@code /api} route through only with a known
 * key in {@code X-Api-Key} or {@code Authorization: Bearer <key>}; otherwise 401 problem+json
 * ({@code API_KEY_REQUIRED} when none was sent, {@code INVALID_API_KEY} for an unknown one) with
 * {@code WWW-Authenticate}, before a byte of the body is read. The client found is left on the
 * routing context ({@link #CLIENT}) for the rate limiter. Health, metrics and OpenAPI stay open.
 */
@ApplicationScoped
public class ApiKeyGuard {
    /** Routing-context key of the {@link ApiKeys.Client} of an authenticated request. */
    public static final String CLIENT = "audiomesh.api-client";

    private final ApiKeys keys;
    private final ContractJson json;

    public ApiKeyGuard(ApiKeys keys, ContractJson json) {
        this.keys = keys;
        this.json = json;
    }

    void install(@Observes Router router) {
        if (keys.enabled()) {
            router.route().order(Integer.MIN_VALUE).handler(this::authenticate);
        }
    }

    private void authenticate(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (path == null || !(path.equals("/api") || path.startsWith("/api/")) || ctx.request().method() == HttpMethod.OPTIONS) {
            ctx.next();
            return;
        }
        String presented = presentedKey(ctx);
        if (presented == null) {
            reject(ctx, ErrorCode.API_KEY_REQUIRED, "this gateway needs an API key: send it as X-Api-Key or "
                    + "Authorization: Bearer");
            return;
        }
        Optional<ApiKeys.Client> client = keys.find(presented);
        if (client.isEmpty()) {
            reject(ctx, ErrorCode.INVALID_API_KEY, "the API key is not known");
            return;
        }
        ctx.put(CLIENT, client.get());
        ctx.next();
    }

    private static String presentedKey(RoutingContext ctx) {
        String key = ctx.request().getHeader("X-Api-Key");
        if (key != null && !key.isBlank()) {
            return key.strip();
        }
        String auth = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && auth.length() > 7) {
            return auth.substring(7).strip();
        }
        return null;
    }

    private void reject(RoutingContext ctx, String code, String detail) {
        Problem p = Problem.of(401, code, detail, ctx.request().path());
        ctx.response().setStatusCode(401)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader("WWW-Authenticate", "Bearer realm=\"audiomesh\"")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(json.write(p));
    }
}
