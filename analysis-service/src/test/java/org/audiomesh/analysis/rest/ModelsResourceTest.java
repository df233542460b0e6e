package org.audiomesh.analysis.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.audiomesh.analysis.noise.NoiseModelRegistry;
import org.audiomesh.analysis.noise.TinyTrainingSet;
import org.audiomesh.testing.KafkaTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The models admin API: listing, training as a background job, and its problem+json errors. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
class ModelsResourceTest {

    static final Path DATA = Path.of("target/test-noise-training");
    @Inject
    NoiseModelRegistry registry;

    @Test
    void listsTheShippedNoiseClassifierWithItsManifest() {
        given().get("/api/v1/models").then().statusCode(200)
                .body("models[0].name", equalTo("noise-classifier"))
                .body("models[0].manifest.feature_extractor_version", equalTo(1))
                .body("models[0].manifest.classes", hasItem("babble"))
                .body("models[0].manifest.accuracy", notNullValue());
    }

    @Test
    void badTrainingRequestsAreProblemsWithStableCodes() throws Exception {
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/models/noise-classifier/train")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("INVALID_REQUEST"));
        given().contentType(ContentType.JSON)
                .body("{\"data\": \"" + Path.of("target/no/such/folder").toAbsolutePath() + "\"}")
                .post("/api/v1/models/noise-classifier/train")
                .then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("TRAINING_DATA_NOT_FOUND"));
        for (String outside : new String[] {"/etc", Path.of("target/../..").toAbsolutePath().toString()}) {
            given().contentType(ContentType.JSON).body("{\"data\": \"" + outside + "\"}")
                    .post("/api/v1/models/noise-classifier/train")
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("code", equalTo("TRAINING_DATA_OUTSIDE_ROOT"));
        }
        Path few = TinyTrainingSet.write(Path.of("target/test-noise-few"), 3L);
        given().contentType(ContentType.JSON).body("{\"data\": \"" + few.toAbsolutePath() + "\", \"min_clips_per_class\": 8}")
                .post("/api/v1/models/noise-classifier/train")
                .then().statusCode(422).body("code", equalTo("TOO_LITTLE_TRAINING_DATA"))
                .body("classes.white", equalTo(5));
        Files.writeString(few.resolve("hum/readme.txt"), "not audio");
        given().contentType(ContentType.JSON).body("{\"data\": \"" + few.toAbsolutePath() + "\"}")
                .post("/api/v1/models/noise-classifier/train")
                .then().statusCode(422).body("code", equalTo("UNREADABLE_TRAINING_FILES"))
                .body("files", hasItem("hum/readme.txt"));
        given().get("/api/v1/models/noise-classifier/train/nope").then().statusCode(404)
                .body("code", equalTo("TRAINING_JOB_NOT_FOUND"));
    }

    @Test
    void trainingRunsInTheBackgroundAndReportsProgressAndTheGateDecision() throws Exception {
        String before = registry.current().manifest().id();
        Path data = TinyTrainingSet.write(DATA, 5L);
        Response accepted = given().contentType(ContentType.JSON)
                .body("{\"data\": \"" + data.toAbsolutePath() + "\", \"min_clips_per_class\": 4}")
                .post("/api/v1/models/noise-classifier/train");
        accepted.then().statusCode(202).body("status", org.hamcrest.Matchers.oneOf("queued", "running"));
        String location = accepted.header("Location");
        String id = accepted.jsonPath().getString("id");
        assertTrue(location.endsWith("/api/v1/models/noise-classifier/train/" + id), location);
        Response job = null;
        for (int i = 0; i < 600; i++) {
            job = given().get("/api/v1/models/noise-classifier/train/" + id);
            String status = job.jsonPath().getString("status");
            if ("completed".equals(status) || "failed".equals(status)) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("completed", job.jsonPath().getString("status"), job.asString());
        assertTrue(job.jsonPath().getDouble("model.accuracy") >= 0.9, job.asString());
        boolean promoted = job.jsonPath().getBoolean("promoted");
        // the shipped model knows these classes too: whichever wins, the registry says so
        String now = registry.current().manifest().id();
        assertEquals(promoted, !now.equals(before), job.asString());
        if (!promoted) {
            assertEquals("MODEL_NOT_BETTER", job.jsonPath().getString("rejection.code"));
        }
    }

    @AfterAll
    static void forgetThePromotedModel() throws Exception {
        // the next run of the tests starts from the shipped model again
        Path models = Path.of("target/test-data/models");
        if (Files.exists(models)) {
            try (Stream<Path> walk = Files.walk(models)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        for (Path p : new Path[] {DATA, Path.of("target/test-noise-few")}) {
            if (Files.exists(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }
}
