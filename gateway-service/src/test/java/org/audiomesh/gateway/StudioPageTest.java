package org.audiomesh.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.audiomesh.gateway.security.BrowserSecurityHeaders;
import org.audiomesh.testing.KafkaTestResource;
import org.audiomesh.testing.RedisTestResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * The studio page is served at {@code /} with its files, under a strict Content-Security-Policy,
 * and the API's own answers are unchanged by it.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = false)
class StudioPageTest {

    @Test
    void pageAtTheRootComesWithAStrictContentSecurityPolicy() {
        given().get("/").then().statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Content-Security-Policy", equalTo(BrowserSecurityHeaders.CONTENT_SECURITY_POLICY))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", not(containsString("unsafe")))
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-cache")
                .body(containsString("<script type=\"module\" src=\"studio/main.js\"></script>"))
                .body(not(containsString("style=")));
    }

    @Test
    void scriptsAndStylesAreServedAsSuchWithThePolicy() {
        given().get("/studio/main.js").then().statusCode(200)
                .contentType(containsString("javascript"))
                .header("Content-Security-Policy", equalTo(BrowserSecurityHeaders.CONTENT_SECURITY_POLICY))
                .header("Cache-Control", "no-cache");
        given().get("/studio/studio.css").then().statusCode(200).contentType(startsWith("text/css"))
                .header("Content-Security-Policy", equalTo(BrowserSecurityHeaders.CONTENT_SECURITY_POLICY));
    }

    @Test
    void apiAnswersKeepTheirProblemsAndOperationsEndpointsAreLeftAlone() {
        given().get("/api/v1/nothing-here").then().statusCode(404)
                .contentType(startsWith("application/problem+json")).body("code", equalTo("NOT_FOUND"))
                .header("Content-Security-Policy", equalTo(BrowserSecurityHeaders.CONTENT_SECURITY_POLICY));
        given().get("/api/v1/limits").then().statusCode(200).body("pipelines.name", org.hamcrest.Matchers.hasItem("karaoke"));
        given().get("/q/health/live").then().statusCode(200).header("Content-Security-Policy", nullValue());
    }
}
