package org.audiomesh.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.storage.BlobKey;
import org.audiomesh.common.storage.BlobStore;
import org.audiomesh.common.storage.FileSystemBlobStore;
import org.audiomesh.common.storage.JobIds;
import org.audiomesh.gateway.job.JobFields;
import org.audiomesh.gateway.job.JobStore;
import org.audiomesh.gateway.maintenance.TaskLocks;
import org.audiomesh.testing.KafkaTestResource;
import org.audiomesh.testing.RedisTestResource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Maintenance removes exactly what is due and nothing else, lists it first in a dry run, and two
 * replicas (two lock holders on the same real Redis) never run one task at once.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = false)
class MaintenanceTest {
    private static final Duration DAY = Duration.ofDays(1);

    @Inject
    JobStore jobs;
    @Inject
    BlobStore blobs;
    @Inject
    RedisDataSource redis;
    @Inject
    TaskLocks locks;
    @Inject
    ContractJson json;
    @ConfigProperty(name = "quarkus.http.body.uploads-directory")
    String uploads;

    /** A job record with its input file, as if created at {@code created} and last updated at {@code updated}. */
    private String job(String status, Instant created, Instant updated) throws Exception {
        String id = JobIds.newId();
        Map<String, String> f = new HashMap<>();
        f.put(JobFields.STATUS, status);
        f.put(JobFields.PIPELINE, "analysis");
        f.put(JobFields.CREATED_AT, created.toString());
        f.put(JobFields.UPDATED_AT, updated.toString());
        if (status.equals("COMPLETED") || status.equals("FAILED") || status.equals("PARTIAL")) {
            f.put(JobFields.COMPLETED_AT, updated.toString());
        }
        f.put("analysis_status", status.equals("QUEUED") ? "QUEUED" : status.equals("RUNNING") ? "RUNNING"
                : status.equals("FAILED") ? "FAILED" : "COMPLETED");
        blobs.write(new BlobKey(id, "input", "source.wav"), new byte[]{1, 2, 3});
        jobs.create(id, f, created);
        return id;
    }

    private String orphan(Instant modified) throws Exception {
        String id = JobIds.newId();
        BlobKey key = new BlobKey(id, "stems", "vocals.wav");
        blobs.write(key, new byte[]{1});
        touchAll(((FileSystemBlobStore) blobs).root().resolve("jobs").resolve(id), modified);
        return id;
    }

    private static void touchAll(Path dir, Instant t) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(t));
            }
        }
    }

    private JsonNode run(String task, boolean dryRun) throws Exception {
        return json.mapper().readTree(given().post("/api/v1/maintenance/" + task + "?dryRun=" + dryRun).then()
                .statusCode(200).extract().asString());
    }

    private static List<String> ids(JsonNode report) {
        List<String> ids = new ArrayList<>();
        report.path("items").forEach(i -> ids.add(i.path("id").asText()));
        return ids;
    }

    private boolean hasFiles(String id) throws Exception {
        return !blobs.list(id).isEmpty();
    }

    @Test
    void retentionRemovesOnlyEndedJobsPastRetention() throws Exception {
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofDays(31));
        String oldCompleted = job("COMPLETED", old, old.plusSeconds(60));
        String oldAbandoned = job("QUEUED", old, old);
        String oldStillRunning = job("RUNNING", old, now.minusSeconds(30)); // a very long job, still reporting
        String young = job("COMPLETED", now.minus(Duration.ofDays(29)), now.minus(Duration.ofDays(29)));

        JsonNode dry = run("retention", true);
        assertEquals("DRY_RUN", dry.path("outcome").asText());
        assertTrue(ids(dry).containsAll(List.of(oldCompleted, oldAbandoned)), dry.toString());
        assertFalse(ids(dry).contains(oldStillRunning) || ids(dry).contains(young), dry.toString());
        assertTrue(jobs.exists(oldCompleted) && hasFiles(oldCompleted), "a dry run removes nothing");

        JsonNode done = run("retention", false);
        assertEquals("DONE", done.path("outcome").asText());
        assertFalse(jobs.exists(oldCompleted) || hasFiles(oldCompleted));
        assertFalse(jobs.exists(oldAbandoned) || hasFiles(oldAbandoned));
        assertTrue(jobs.exists(oldStillRunning) && hasFiles(oldStillRunning), "a running job is never touched");
        assertTrue(jobs.exists(young) && hasFiles(young));
        given().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString(
                "audiomesh_maintenance_runs_total{outcome=\"DONE\",task=\"retention\"}"));
    }

    @Test
    void failedJobsGoAfterADayAndAbandonedOnesWithThem() throws Exception {
        Instant now = Instant.now();
        String failedYesterday = job("FAILED", now.minus(Duration.ofHours(26)), now.minus(Duration.ofHours(25)));
        String failedJustNow = job("FAILED", now.minus(Duration.ofHours(30)), now.minus(Duration.ofHours(1)));
        String abandoned = job("RUNNING", now.minus(Duration.ofHours(30)), now.minus(Duration.ofHours(25)));
        String running = job("RUNNING", now.minus(Duration.ofHours(30)), now.minusSeconds(5));
        String completed = job("COMPLETED", now.minus(Duration.ofHours(30)), now.minus(Duration.ofHours(29)));

        JsonNode dry = run("failed-jobs", true);
        assertTrue(ids(dry).containsAll(List.of(failedYesterday, abandoned)), dry.toString());
        for (String kept : List.of(failedJustNow, running, completed)) {
            assertFalse(ids(dry).contains(kept), kept + " listed: " + dry);
        }
        run("failed-jobs", false);
        assertFalse(jobs.exists(failedYesterday) || hasFiles(failedYesterday));
        assertFalse(jobs.exists(abandoned) || hasFiles(abandoned));
        for (String kept : List.of(failedJustNow, running, completed)) {
            assertTrue(jobs.exists(kept) && hasFiles(kept), kept + " was removed");
        }
    }

    @Test
    void orphanFilesGoOnceOldAndJobFilesStay() throws Exception {
        Instant now = Instant.now();
        String oldOrphan = orphan(now.minus(Duration.ofHours(2)));
        String freshOrphan = orphan(now.minusSeconds(60));
        String running = job("RUNNING", now.minus(DAY), now.minusSeconds(5));
        touchAll(((FileSystemBlobStore) blobs).root().resolve("jobs").resolve(running), now.minus(Duration.ofHours(3)));

        JsonNode dry = run("orphans", true);
        assertTrue(ids(dry).contains(oldOrphan), dry.toString());
        assertFalse(ids(dry).contains(freshOrphan) || ids(dry).contains(running), dry.toString());
        run("orphans", false);
        assertFalse(hasFiles(oldOrphan));
        assertTrue(hasFiles(freshOrphan));
        assertTrue(hasFiles(running), "files of a job with a record are never orphans");
    }

    @Test
    void staleUploadsAndPartialWritesGo() throws Exception {
        Instant now = Instant.now();
        Path dir = Path.of(uploads);
        Files.createDirectories(dir);
        Path stale = Files.writeString(dir.resolve("stale-" + JobIds.newId()), "x");
        Files.setLastModifiedTime(stale, FileTime.from(now.minus(Duration.ofHours(2))));
        Path fresh = Files.writeString(dir.resolve("fresh-" + JobIds.newId()), "x");
        String running = job("RUNNING", now.minus(DAY), now.minusSeconds(5));
        Path area = ((FileSystemBlobStore) blobs).root().resolve("jobs").resolve(running).resolve("analysis");
        Files.createDirectories(area);
        Path partial = Files.writeString(area.resolve(".analysis.json.1234.tmp"), "{");
        Files.setLastModifiedTime(partial, FileTime.from(now.minus(Duration.ofHours(2))));
        Path writing = Files.writeString(area.resolve(".beats.json.5678.tmp"), "{");

        JsonNode dry = run("uploads", true);
        assertTrue(ids(dry).contains(stale.getFileName().toString()), dry.toString());
        assertTrue(ids(dry).contains(running + "/analysis/.analysis.json.1234.tmp"), dry.toString());
        run("uploads", false);
        assertFalse(Files.exists(stale));
        assertFalse(Files.exists(partial));
        assertTrue(Files.exists(fresh));
        assertTrue(Files.exists(writing), "a write in progress is left alone");
        assertTrue(hasFiles(running));
        Files.deleteIfExists(fresh);
    }

    @Test
    void twoReplicasRacingForALockGetItOnce() throws Exception {
        TaskLocks other = new TaskLocks(redis, "other-replica:1");
        String task = "race-" + JobIds.newId();
        int contenders = 8;
        CyclicBarrier start = new CyclicBarrier(contenders);
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            List<Future<Optional<TaskLocks.Lease>>> tries = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                TaskLocks replica = i % 2 == 0 ? locks : other;
                tries.add(pool.submit(() -> {
                    start.await();
                    return replica.tryAcquire(task, Duration.ofSeconds(30));
                }));
            }
            List<TaskLocks.Lease> won = new ArrayList<>();
            for (Future<Optional<TaskLocks.Lease>> f : tries) {
                f.get().ifPresent(won::add);
            }
            assertEquals(1, won.size(), "exactly one holder");
            TaskLocks.Lease lease = won.get(0);

            // a holder whose lock expired and was taken over cannot release the new holder's lock
            Optional<TaskLocks.Lease> nobody = (lease.token().startsWith("other") ? locks : other)
                    .tryAcquire(task, Duration.ofSeconds(30));
            assertTrue(nobody.isEmpty());
            redis.key().del(TaskLocks.key(task));
            TaskLocks.Lease successor = other.tryAcquire(task, Duration.ofSeconds(30)).orElseThrow();
            assertFalse(lease.release(), "the old holder's token no longer matches");
            assertEquals(Optional.of(successor.token()), other.holder(task));
            assertTrue(successor.release());
            assertTrue(other.holder(task).isEmpty());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLockExpiresWhenItsHolderDies() throws Exception {
        TaskLocks other = new TaskLocks(redis, "other-replica:2");
        String task = "expiry-" + JobIds.newId();
        assertTrue(other.tryAcquire(task, Duration.ofMillis(300)).isPresent());
        assertTrue(locks.tryAcquire(task, Duration.ofSeconds(5)).isEmpty());
        Thread.sleep(600);
        assertTrue(locks.tryAcquire(task, Duration.ofSeconds(5)).orElseThrow().release());
    }

    @Test
    void aTaskHeldByAnotherReplicaIsNotRunTwice() throws Exception {
        TaskLocks other = new TaskLocks(redis, "other-replica:3");
        String orphan = orphan(Instant.now().minus(Duration.ofHours(2)));
        TaskLocks.Lease held = other.tryAcquire("orphans", Duration.ofSeconds(30)).orElseThrow();
        try {
            problem(given().post("/api/v1/maintenance/orphans").then(), 409, "TASK_RUNNING");
            assertTrue(hasFiles(orphan), "the skipped run removed nothing");
            assertTrue(ids(run("orphans", true)).contains(orphan), "a dry run needs no lock");
        } finally {
            assertTrue(held.release());
        }
        run("orphans", false);
        assertFalse(hasFiles(orphan));
        given().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString(
                "audiomesh_maintenance_runs_total{outcome=\"SKIPPED\",task=\"orphans\"}"));
    }

    private static void problem(ValidatableResponse r, int status, String code) {
        r.statusCode(status).contentType(startsWith("application/problem+json")).body("code", equalTo(code));
    }

    @Test
    void unknownTasksAndBadFlagsAreProblems() {
        problem(given().post("/api/v1/maintenance/defrag").then(), 404, "UNKNOWN_TASK");
        problem(given().post("/api/v1/maintenance/retention?dryRun=maybe").then(), 400, "INVALID_DRY_RUN");
        given().get("/api/v1/maintenance").then().statusCode(200)
                .body("tasks", org.hamcrest.Matchers.hasItems("retention", "failed-jobs", "orphans", "uploads"));
    }

    @Test
    void healthSnapshotRecordsKafkaRedisDiskAndStageServices() {
        redis.key().del("audiomesh:health:snapshot");
        given().get("/api/v1/maintenance/health").then().statusCode(200)
                .body("kafka.status", equalTo("UP")).body("redis.status", equalTo("UP"))
                .body("disk.freeBytes", org.hamcrest.Matchers.greaterThan(0L))
                .body("engines[0].service", equalTo("analysis")).body("engines[0].reachable", equalTo(false));
        assertTrue(redis.key().exists("audiomesh:health:snapshot"));
        given().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString("audiomesh_health_disk_free_bytes"))
                .body(org.hamcrest.Matchers.containsString("audiomesh_health_up{component=\"redis\"} 1.0"))
                .body(org.hamcrest.Matchers.containsString("audiomesh_health_up{component=\"analysis\"} 0.0"));
    }
}
