package org.audiomesh.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.gateway.analytics.JobReports;
import org.audiomesh.gateway.analytics.JobSummaries;
import org.audiomesh.gateway.analytics.JobSummary;
import org.audiomesh.gateway.analytics.JobSummary.StageSummary;
import org.audiomesh.gateway.job.JobStatus;
import org.audiomesh.gateway.job.StageStatus;
import org.audiomesh.testing.KafkaTestResource;
import org.audiomesh.testing.RedisTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reports and exports over a known set of job summaries, stored in days long past so that jobs of
 * other tests (which end today) never fall into their ranges.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = false)
class AnalyticsTest {
    private static final LocalDate DAY = LocalDate.of(2001, 3, 1);

    @Inject
    JobSummaries summaries;
    @Inject
    ContractJson json;
    @Inject
    RedisDataSource redis;

    /**
     * On {@link #DAY}: ten analysis jobs whose beat-dp stage took 1..10 s on 10 s of audio (two of
     * them with noise class speech, one music), then two karaoke jobs: one PARTIAL (separation
     * ENGINE_UNAVAILABLE), one FAILED (separation ENGINE_UNAVAILABLE, transcription
     * STAGE_TIMEOUT). One more analysis job ends the next day.
     */
    @BeforeEach
    void knownSummaries() {
        Instant t = DAY.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600);
        for (int i = 1; i <= 10; i++) {
            String noise = i <= 2 ? "speech" : i == 3 ? "music" : null;
            summaries.record(new JobSummary(id("a", i), "analysis", JobStatus.COMPLETED, t, t.plusSeconds(i + 1),
                    i + 1, 10.0, noise, List.of(new StageSummary("analysis", StageStatus.COMPLETED, "beat-dp",
                    (double) i, i / 10.0, null, 1))));
        }
        summaries.record(new JobSummary(id("k", 1), "karaoke", JobStatus.PARTIAL, t, t.plusSeconds(60), 60, 30.0,
                null, List.of(new StageSummary("analysis", StageStatus.COMPLETED, "beat-dp", 2.0, 2 / 30.0, null, 1),
                new StageSummary("separation", StageStatus.FAILED, null, 1.0, null, "ENGINE_UNAVAILABLE", 1),
                new StageSummary("transcription", StageStatus.COMPLETED, "whisper", 20.0, 20 / 30.0, null, 1))));
        summaries.record(new JobSummary(id("k", 2), "karaoke", JobStatus.FAILED, t, t.plusSeconds(70), 70, 30.0,
                null, List.of(new StageSummary("analysis", StageStatus.FAILED, "beat-dp", 1.0, null, "ENGINE_UNAVAILABLE", 1),
                new StageSummary("separation", StageStatus.FAILED, null, null, null, "ENGINE_UNAVAILABLE", 2),
                new StageSummary("transcription", StageStatus.FAILED, "whisper", 5.0, null, "STAGE_TIMEOUT", 1))));
        Instant next = t.plusSeconds(86_400);
        summaries.record(new JobSummary(id("a", 11), "analysis", JobStatus.COMPLETED, next, next.plusSeconds(5), 5,
                10.0, "speech", List.of(new StageSummary("analysis", StageStatus.COMPLETED, "beat-dp", 100.0, 10.0,
                null, 1))));
    }

    /** Stable ids, so every test run overwrites the same summaries. */
    private static String id(String kind, int i) {
        return UUID.nameUUIDFromBytes(("analytics-" + kind + i).getBytes()).toString();
    }

    private JsonNode get(String path) throws Exception {
        return json.mapper().readTree(given().get(path).then().statusCode(200).extract().asString());
    }

    @Test
    void summaryOfADayCountsJobsTimesFailuresAndNoise() throws Exception {
        JsonNode r = get("/api/v1/reports/summary?from=2001-03-01&to=2001-03-01");
        assertEquals(12, r.path("jobs").path("total").asInt(), r.toString());
        assertEquals(10, r.path("jobs").path("byPipeline").path("analysis").path("COMPLETED").asInt());
        assertEquals(1, r.path("jobs").path("byPipeline").path("karaoke").path("PARTIAL").asInt());
        assertEquals(1, r.path("jobs").path("byPipeline").path("karaoke").path("FAILED").asInt());
        assertEquals(10, r.path("jobs").path("byStatus").path("COMPLETED").asInt());

        JsonNode beat = find(r.path("processingSeconds"), "analysis", "beat-dp");
        assertEquals(11, beat.path("count").asInt(), "ten analysis jobs and one karaoke analysis completed");
        assertEquals(5.0, beat.path("p50").asDouble(), 1e-9);  // 1,2,2,3..10: the 6th of 11
        assertEquals(9.0, beat.path("p90").asDouble(), 1e-9);
        assertEquals(10.0, beat.path("p99").asDouble(), 1e-9);
        assertEquals(10.0, beat.path("max").asDouble(), 1e-9);
        JsonNode whisper = find(r.path("processingSeconds"), "transcription", "whisper");
        assertEquals(1, whisper.path("count").asInt(), "failed stages are not processing times");

        JsonNode unavailable = code(r.path("failures").path("byCode"), "ENGINE_UNAVAILABLE");
        assertEquals(2, unavailable.path("jobs").asInt());
        assertEquals(3, unavailable.path("stageFailures").asInt());
        assertEquals(2 / 12.0, unavailable.path("rate").asDouble(), 1e-4);
        assertEquals(1, code(r.path("failures").path("byCode"), "STAGE_TIMEOUT").path("jobs").asInt());

        assertEquals(2, r.path("noiseClasses").path("speech").asInt());
        assertEquals(1, r.path("noiseClasses").path("music").asInt());
        assertEquals(9, r.path("noiseClasses").path("unknown").asInt());

        JsonNode two = json.mapper().readTree(given().queryParam("from", "2001-03-01T00:00:00Z")
                .queryParam("to", "2001-03-03T01:00:00+01:00").get("/api/v1/reports/summary").then().statusCode(200)
                .extract().asString());
        assertEquals(13, two.path("jobs").path("total").asInt());
        assertEquals(3, two.path("noiseClasses").path("speech").asInt());
    }

    @Test
    void dailyReportIsStoredAndServed() throws Exception {
        redis.key().del(JobReports.dailyKey(DAY));
        JsonNode r = get("/api/v1/reports/daily/2001-03-01");
        assertEquals("2001-03-01", r.path("date").asText());
        assertEquals(12, r.path("jobs").path("total").asInt());
        assertTrue(redis.key().exists(JobReports.dailyKey(DAY)), "the report is stored");
        assertTrue(redis.key().ttl(JobReports.dailyKey(DAY)) > 0, "and expires with the summaries");
        assertEquals(r.path("generatedAt"), get("/api/v1/reports/daily/2001-03-01").path("generatedAt"),
                "the second request is answered from the stored report");
    }

    @Test
    void csvExportHasOneRowPerJobWithTheDocumentedColumns() {
        String csv = given().get("/api/v1/exports/jobs?from=2001-03-01&to=2001-03-01&format=csv").then()
                .statusCode(200).contentType(startsWith("text/csv"))
                .header("Content-Disposition", org.hamcrest.Matchers.containsString("attachment")).extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals("job_id,pipeline,status,created_at,ended_at,duration_s,input_duration_s,noise_class,stages,"
                + "engines,stage_durations_s,real_time_factors,error_codes", lines[0]);
        assertEquals(13, lines.length, "header and twelve jobs");
        String failed = List.of(lines).stream().filter(l -> l.startsWith(id("k", 2))).findFirst().orElseThrow();
        assertEquals(id("k", 2) + ",karaoke,FAILED,2001-03-01T01:00:00Z,2001-03-01T01:01:10Z,70.000,30.000,,"
                + "analysis;separation;transcription,analysis=beat-dp;transcription=whisper,"
                + "analysis=1.000;transcription=5.000,,"
                + "analysis=ENGINE_UNAVAILABLE;separation=ENGINE_UNAVAILABLE;transcription=STAGE_TIMEOUT", failed);
    }

    @Test
    void jsonExportHasTheSameColumns() throws Exception {
        JsonNode rows = get("/api/v1/exports/jobs?from=2001-03-01&to=2001-03-02&format=json");
        assertEquals(13, rows.size());
        JsonNode first = rows.get(0);
        List<String> keys = new ArrayList<>();
        first.fieldNames().forEachRemaining(keys::add);
        assertEquals(org.audiomesh.gateway.analytics.JobExport.COLUMNS, keys);
        assertEquals("analysis", first.path("pipeline").asText());
        assertEquals("beat-dp", first.path("engines").path("analysis").asText());
    }

    @Test
    void exportStreamsRangesLargerThanOnePage() {
        Instant t = LocalDate.of(2001, 4, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        int n = 1201; // more than two pages of 500
        for (int i = 0; i < n; i++) {
            summaries.record(new JobSummary(id("p", i), "analysis", JobStatus.COMPLETED, t, t.plusMillis(i), 1, 1.0,
                    null, List.of()));
        }
        String csv = given().get("/api/v1/exports/jobs?from=2001-04-01&to=2001-04-01").then().statusCode(200)
                .extract().asString();
        assertEquals(n + 1, csv.split("\r\n").length);
        given().get("/api/v1/reports/summary?from=2001-04-01&to=2001-04-01").then().statusCode(200)
                .body("jobs.total", equalTo(n));
    }

    private static void problem(ValidatableResponse r, int status, String code) {
        r.statusCode(status).contentType(startsWith("application/problem+json")).body("code", equalTo(code));
    }

    @Test
    void badRangesAndFormatsAreProblems() {
        problem(given().get("/api/v1/reports/summary?from=2001-03-02&to=2001-03-01").then(), 400, "INVALID_RANGE");
        problem(given().get("/api/v1/reports/summary?from=yesterday&to=2001-03-01").then(), 400, "INVALID_DATE");
        problem(given().get("/api/v1/reports/summary?to=2001-03-01").then(), 400, "INVALID_DATE");
        problem(given().get("/api/v1/reports/summary?from=2001-02-30&to=2001-03-01").then(), 400, "INVALID_DATE");
        problem(given().get("/api/v1/reports/summary?from=1900-01-01&to=2001-03-01").then(), 400, "INVALID_DATE");
        problem(given().get("/api/v1/exports/jobs?from=2001-03-01&to=2001-03-01&format=xml").then(), 400,
                "UNSUPPORTED_EXPORT_FORMAT");
        problem(given().get("/api/v1/exports/jobs?from=2001-03-02T00:00:00Z&to=2001-03-01T00:00:00Z").then(), 400,
                "INVALID_RANGE");
        problem(given().queryParam("from", "+999999999-01-01T00:00:00Z").queryParam("to", "2001-03-01")
                .get("/api/v1/exports/jobs").then(), 400, "INVALID_DATE");
        problem(given().get("/api/v1/reports/daily/2001-13-01").then(), 400, "INVALID_DATE");
        problem(given().get("/api/v1/reports/daily/" + LocalDate.now(ZoneOffset.UTC)).then(), 404,
                "REPORT_NOT_READY");
        problem(given().get("/api/v1/reports/daily/" + LocalDate.now(ZoneOffset.UTC).plusDays(3)).then(), 404,
                "REPORT_NOT_READY");
    }

    private static JsonNode find(JsonNode list, String stage, String engine) {
        for (JsonNode n : list) {
            if (stage.equals(n.path("stage").asText()) && engine.equals(n.path("engine").asText())) {
                return n;
            }
        }
        throw new AssertionError("no " + stage + "/" + engine + " in " + list);
    }

    private static JsonNode code(JsonNode list, String code) {
        for (JsonNode n : list) {
            if (code.equals(n.path("code").asText())) {
                return n;
            }
        }
        throw new AssertionError("no " + code + " in " + list);
    }
}
