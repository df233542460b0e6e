package org.audiomesh.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.audiomesh.testing.KafkaTestResource;
import org.audiomesh.testing.RedisTestResource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** Submissions beyond the per-client limit get 429 problem+json with Retry-After; reads go on. */
@QuarkusTest
@TestProfile(RateLimitTest.ThreePerMinute.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = false)
class RateLimitTest {

    public static class ThreePerMinute implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("audiomesh.gateway.submits-per-minute", "3");
        }
    }

    @Test
    void submissionsBeyondThreePerMinuteAreRateLimited() throws Exception {
        byte[] wav = TestAudio.toneWav(0.2, 16000, 1);
        int limited = 0;
        // 8 submissions: even if a minute window rolls over midway, one window sees 4 or more
        for (int i = 0; i < 8; i++) {
            var r = Multipart.form().file("file", "a.wav", wav).field("pipeline", "analysis").post("/api/v1/jobs");
            if (r.extract().statusCode() != 202) {
                r.statusCode(429).contentType("application/problem+json").body("code", equalTo("RATE_LIMITED"))
                        .header("Retry-After", notNullValue());
                limited++;
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(limited >= 2, "only " + limited + " of 8 were limited");
        given().get("/api/v1/jobs").then().statusCode(200);
    }
}
