package org.audiomesh.gateway;

import io.restassured.response.ValidatableResponse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * A multipart/form-data body built whole, so the request declares its Content-Length as
 * browsers and curl do (the gateway refuses chunked uploads with 411).
 */
final class Multipart {
    private final String boundary = "test-" + UUID.randomUUID();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    static Multipart form() {
        return new Multipart();
    }

    Multipart field(String name, String value) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
        return this;
    }

    Multipart file(String name, String fileName, byte[] content) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.writeBytes(content);
        write("\r\n");
        return this;
    }

    ValidatableResponse post(String path) {
        return post(path, java.util.Map.of());
    }

    ValidatableResponse post(String path, java.util.Map<String, String> headers) {
        write("--" + boundary + "--\r\n");
        return given().headers(headers).contentType("multipart/form-data; boundary=" + boundary)
                .body(body.toByteArray()).post(path).then();
    }

    private void write(String s) {
        body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
