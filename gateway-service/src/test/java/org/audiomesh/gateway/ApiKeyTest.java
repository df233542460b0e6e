package org.audiomesh.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.audiomesh.testing.KafkaTestResource;
import org.audiomesh.testing.RedisTestResource;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With API keys enabled every /api route needs a known key; limits count per key. */
@QuarkusTest
@TestProfile(ApiKeyTest.WithKeys.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = false)
class ApiKeyTest {
    static final String CI = "ci-key-0123456789abcdef";
    static final String TIGHT = "tight-key-0123456789abcdef";

    public static class WithKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("audiomesh.gateway.api-keys.enabled", "true",
                    "audiomesh.gateway.api-keys.keys", "ci:" + CI + ":0:0, tight:" + TIGHT + ":2:");
        }
    }

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL base;

    @Test
    void everyApiRouteWithoutAKeyIsApiKeyRequired() {
        for (String path : new String[]{"/api/v1/jobs", "/api/v1/limits", "/api/status/x", "/api/v1/maintenance",
                "/api/v1/jobs/00000000-0000-4000-8000-000000000000/files/analysis/a.json"}) {
            given().get(path).then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .body("code", equalTo("API_KEY_REQUIRED"));
        }
        given().delete("/api/v1/jobs/00000000-0000-4000-8000-000000000000").then().statusCode(401);
    }

    @Test
    void anUnknownKeyIsInvalidApiKeyAndIsNotEchoed() {
        given().header("X-Api-Key", "not-a-key-0123456789").get("/api/v1/limits").then().statusCode(401)
                .body("code", equalTo("INVALID_API_KEY")).body(not(containsString("not-a-key")));
        given().header("Authorization", "Bearer " + CI + "x").get("/api/v1/limits").then().statusCode(401)
                .body("code", equalTo("INVALID_API_KEY"));
        given().header("Authorization", "Basic " + CI).get("/api/v1/limits").then().statusCode(401)
                .body("code", equalTo("API_KEY_REQUIRED"));
    }

    @Test
    void aKnownKeyInEitherHeaderIsLetThrough() {
        given().header("X-Api-Key", CI).get("/api/v1/limits").then().statusCode(200);
        given().header("Authorization", "Bearer " + CI).get("/api/v1/jobs").then().statusCode(200);
        given().header("authorization", "bearer " + TIGHT).get("/api/v1/jobs").then().statusCode(200);
    }

    @Test
    void healthMetricsAndOpenApiNeedNoKey() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void anUploadWithoutAKeyIsRefusedBeforeItsBodyIsRead() throws Exception {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            // declares 100 GB and sends none of it: the answer comes anyway
            out.write(("POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                    + "Content-Length: 100000000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
        }
    }

    @Test
    void eachKeyHasItsOwnSubmissionLimit() throws Exception {
        byte[] wav = TestAudio.toneWav(0.2, 16000, 1);
        Map<String, String> tight = Map.of("X-Api-Key", TIGHT);
        int limited = 0;
        for (int i = 0; i < 6; i++) {
            var r = Multipart.form().file("file", "a.wav", wav).field("pipeline", "analysis").post("/api/v1/jobs", tight);
            if (r.extract().statusCode() != 202) {
                r.statusCode(429).body("code", equalTo("RATE_LIMITED")).header("Retry-After", notNullValue());
                limited++;
            }
        }
        assertTrue(limited >= 2, "only " + limited + " of 6 were limited");
        // another key is not held back by the tight one, and has no limit of its own
        for (int i = 0; i < 4; i++) {
            Multipart.form().file("file", "a.wav", wav).field("pipeline", "analysis")
                    .post("/api/v1/jobs", Map.of("X-Api-Key", CI)).statusCode(202);
        }
    }
}
