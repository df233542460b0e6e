package org.audiomesh.localstack;

import java.net.URI;
import java.net.http.HttpRequest;

/**
 * Requests of the command-line clients to the gateway: with the API key of the environment
 * variable {@code AUDIOMESH_API_KEY} in {@code X-Api-Key} when it is set (a gateway with
 * {@code AUDIOMESH_API_KEYS_ENABLED=true} answers 401 without one).
 */
final class GatewayRequests {
    static final String KEY_VARIABLE = "AUDIOMESH_API_KEY";

    private GatewayRequests() {
    }

    static HttpRequest.Builder to(URI uri) {
        return to(uri, System.getenv(KEY_VARIABLE));
    }

    static HttpRequest.Builder to(URI uri, String apiKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        if (apiKey != null && !apiKey.isBlank()) {
            b.header("X-Api-Key", apiKey.trim());
        }
        return b;
    }
}
