package org.audiomesh.gateway.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.vertx.core.MultiMap;

/**
 * Headers that keep the studio page (served from {@code META-INF/resources} at {@code /}) and
 * everything the gateway serves safe in a browser: a strict Content-Security-Policy (scripts,
 * styles and fetches from this origin only, no inline script or style, no framing), no MIME
 * sniffing and no referrer. {@code /q/} (health, metrics, OpenAPI, dev UIs) is left alone. The
 * page's files keep their names across releases, so browsers revalidate them instead of caching
 * them for a day as immutable.
 */
@ApplicationScoped
public class BrowserSecurityHeaders {
    /** The policy: the page needs its own scripts, styles, API and blob: URLs for downloads and audio. */
    public static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "media-src 'self' blob:",
            "connect-src 'self'",
            "font-src 'self'",
            "manifest-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'");

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String path = rc.normalizedPath();
            if (path == null || !path.startsWith("/q/")) {
                MultiMap h = rc.response().headers();
                h.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                h.set("X-Content-Type-Options", "nosniff");
                h.set("Referrer-Policy", "no-referrer");
                h.set("X-Frame-Options", "DENY");
                if (path == null || path.equals("/") || path.equals("/index.html") || path.startsWith("/studio/")) {
                    rc.addHeadersEndHandler(v -> rc.response().headers().set("Cache-Control", "no-cache"));
                }
            }
            rc.next();
        }, 100);
    }
}
