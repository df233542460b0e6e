package org.audiomesh.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** What an HTTP client of the gateway does: upload, poll, fetch results. */
final class GatewayClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TERMINAL = List.of("COMPLETED", "PARTIAL", "FAILED", "CANCELLED");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String apiKey;

    GatewayClient(String base) {
        this(base, null);
    }

    /** @param apiKey sent as {@code X-Api-Key} on every request; null for none */
    GatewayClient(String base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    String base() {
        return base;
    }

    record Reply(int status, String contentType, JsonNode body) {
    }

    Reply submit(String fileName, byte[] content, String pipeline) throws IOException, InterruptedException {
        String boundary = "it-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"pipeline\"\r\n\r\n" + pipeline
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request("/api/v1/jobs")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    byte[] bytes(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request(path).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException(path + " answered " + r.statusCode());
        }
        return r.body();
    }

    JsonNode awaitEnd(String id, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode job = null;
        while (System.nanoTime() < deadline) {
            job = get("/api/v1/jobs/" + id).body();
            if (TERMINAL.contains(job.path("status").asText())) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not end within " + timeout + ": " + job);
    }

    /** Reads the job's server-sent events until the stream closes. */
    List<String> events(String id, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<java.util.stream.Stream<String>> r = http.send(request("/api/v1/jobs/" + id + "/events")
                        .timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            throw new IOException("events answered " + r.statusCode());
        }
        try (java.util.stream.Stream<String> lines = r.body()) {
            return lines.toList();
        }
    }

    /** A request to the gateway with the API key, if any. */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        return apiKey == null ? b : b.header("X-Api-Key", apiKey);
    }

    Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        String type = r.headers().firstValue("Content-Type").orElse("");
        JsonNode body = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        return new Reply(r.statusCode(), type, body);
    }
}
