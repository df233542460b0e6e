package org.audiomesh.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Resilience and security of the real local stack, one stack for the whole class, traffic to
 * 127.0.0.1 only, every wait time-boxed: API keys, abuse (malformed and slow requests, path
 * traversal, bombs, bursts), load (200 concurrent uploads, 10,000 status reads), then faults
 * (stage services killed and hung mid-job, Kafka and Redis restarted, the storage quota filled,
 * poison on every stage topic). The figures go to {@code target/resilience-figures.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResilienceIT {
    static final String LOAD_KEY = "load-key-0123456789abcdef";
    static final String BURST_KEY = "burst-key-0123456789abcdef";
    /** Blob store quota of the stack; the test fills it with a sparse file, never the disk. */
    static final long QUOTA = 64L << 30;
    static final List<String> STAGES = List.of("analysis", "separation", "transcription", "enhancement");
    static final List<String> FINAL = List.of("COMPLETED", "PARTIAL", "FAILED", "CANCELLED");

    private static final LocalStack STACK = new LocalStack("stack-resilience", Map.ofEntries(
            Map.entry("AUDIOMESH_API_KEYS_ENABLED", "true"),
            Map.entry("AUDIOMESH_API_KEYS", "load:" + LOAD_KEY + ":0:0,burst:" + BURST_KEY + ":5:"),
            Map.entry("AUDIOMESH_STORAGE_QUOTA_BYTES", Long.toString(QUOTA)),
            Map.entry("AUDIOMESH_STORAGE_USAGE_REFRESH", "PT0.5S"),
            Map.entry("AUDIOMESH_WATCHDOG_INTERVAL", "2s"),
            Map.entry("AUDIOMESH_STAGE_TIMEOUT_BASE", "PT25S"),
            Map.entry("AUDIOMESH_STAGE_TIMEOUT_PER_AUDIO_SECOND", "0.5"),
            Map.entry("AUDIOMESH_QUEUED_TIMEOUT", "PT10M"),
            Map.entry("AUDIOMESH_BODY_GRACE", "PT8S"),
            Map.entry("AUDIOMESH_BODY_MIN_RATE", "65536"),
            Map.entry("AUDIOMESH_HTTP_IDLE_TIMEOUT", "15S"),
            // partial writes of killed runs are removed on demand in the test, never by the schedule mid-test
            Map.entry("AUDIOMESH_GATEWAY_MAINTENANCE_STALE_UPLOAD_AFTER", "PT1S"),
            Map.entry("AUDIOMESH_GATEWAY_MAINTENANCE_UPLOADS_CRON", "off"),
            Map.entry("AUDIOMESH_GATEWAY_MAINTENANCE_ORPHANS_CRON", "off")));
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(150);
    private static final Figures FIGURES = new Figures();
    /** Every job this class created, to check at the end that none was lost or left running. */
    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();
    private static GatewayClient gateway;
    private static int port;
    private static long started;

    @BeforeAll
    static void up() throws Exception {
        started = System.nanoTime();
        STACK.down();
        long t0 = System.nanoTime();
        STACK.up();
        FIGURES.add("stack start: %.1f s", seconds(t0));
        gateway = new GatewayClient(STACK.gateway(), LOAD_KEY);
        port = LocalStack.GATEWAY_PORT;
    }

    @AfterAll
    static void down() throws Exception {
        try {
            FIGURES.add("whole class: %.1f s", seconds(started));
            FIGURES.write(STACK.root.resolve("integration-tests/target/resilience-figures.txt"));
        } finally {
            STACK.down();
        }
    }

    // ---------------------------------------------------------------- API keys

    @Test
    @Order(1)
    void everyApiRouteNeedsAKnownKeyAndHealthStaysOpen() throws Exception {
        for (String path : List.of("/api/v1/jobs", "/api/v1/limits", "/api/status/abc", "/api/v1/maintenance")) {
            RawHttp.Answer a = RawHttp.get(port, path, null);
            assertEquals(401, a.status(), path + ": " + a);
            assertTrue(a.problemJson(), a.head());
            assertEquals("API_KEY_REQUIRED", a.code());
        }
        RawHttp.Answer wrong = RawHttp.get(port, "/api/v1/jobs", "wrong-key-0123456789abcdef");
        assertEquals("INVALID_API_KEY", wrong.code(), wrong.toString());
        assertTrue(!wrong.body().contains("wrong-key"), "the key is not echoed");
        RawHttp.Answer bearer = RawHttp.exchange(port, "GET /api/v1/limits HTTP/1.1\r\nHost: x\r\nConnection: close"
                + "\r\nAuthorization: Bearer " + LOAD_KEY, null, Duration.ofSeconds(10));
        assertEquals(200, bearer.status());
        assertEquals(200, RawHttp.get(port, "/q/health/ready", null).status());
        String logs = Files.readString(STACK.home.resolve("logs/gateway.log"));
        assertTrue(!logs.contains(LOAD_KEY) && !logs.contains(BURST_KEY), "no key in the gateway's log");
    }

    // ---------------------------------------------------------------- abuse

    @Test
    @Order(2)
    void badRequestsAreProblemsAndTheGatewayStaysHealthy() throws Exception {
        long rssBefore = rssKb("gateway");
        String id = submitOk("probe.wav", TestWavs.clickTrack(16000, 1, 2, 120), "analysis");
        gateway.awaitEnd(id, JOB_TIMEOUT);
        int cases = 0;

        // path traversal in every path parameter, sent unnormalised
        List<String> payloads = List.of("..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                "..%5C..%5Cwindows%5Cwin.ini", "..", "%2e%2e", "....%2F%2F....%2F%2Fetc%2Fpasswd", "%00",
                "..%252F..%252Fetc%252Fpasswd", "%2Fetc%2Fpasswd", "..;%2F..;%2Fetc%2Fpasswd");
        List<String[]> routes = List.of(
                new String[]{"GET", "/api/v1/jobs/{p}"}, new String[]{"GET", "/api/v1/jobs/{p}/results"},
                new String[]{"GET", "/api/v1/jobs/{p}/events"}, new String[]{"DELETE", "/api/v1/jobs/{p}"},
                new String[]{"GET", "/api/v1/jobs/{p}/files/analysis/analysis.json"},
                new String[]{"GET", "/api/v1/jobs/" + id + "/files/{p}"},
                new String[]{"GET", "/api/v1/jobs/" + id + "/files/analysis/{p}"},
                new String[]{"GET", "/api/v1/jobs/" + id + "/files/{p}/analysis.json"},
                new String[]{"GET", "/api/status/{p}"}, new String[]{"GET", "/api/results/{p}"},
                new String[]{"GET", "/api/files/{p}/analysis.json"}, new String[]{"GET", "/api/files/" + id + "/{p}"},
                new String[]{"GET", "/api/v1/batches/{p}"}, new String[]{"GET", "/api/v1/reports/daily/{p}"},
                new String[]{"POST", "/api/v1/maintenance/{p}?dryRun=true"});
        Map<Integer, Integer> traversalStatuses = new java.util.TreeMap<>();
        for (String[] route : routes) {
            for (String p : payloads) {
                String path = route[1].replace("{p}", p);
                RawHttp.Answer a = RawHttp.request(port, route[0], path, LOAD_KEY);
                // a bare ".." segment is resolved inside the API (RFC 3986) to the job itself: no file
                boolean normalisedToTheJob = a.status() == 200 && a.body().startsWith("{\"id\":\"" + id + "\"");
                assertTrue(normalisedToTheJob || (a.status() >= 400 && a.status() < 500), route[0] + " " + path + ": " + a);
                assertTrue(!a.body().contains("root:") && !a.body().contains("[fonts]"), path + " leaked a file");
                traversalStatuses.merge(a.status(), 1, Integer::sum);
                cases++;
            }
        }
        // the raw "../" forms (no client would send these, a proxy might)
        for (String path : List.of("/api/v1/jobs/../../../../etc/passwd", "/api/v1/jobs/" + id + "/files/../../../../etc/passwd",
                "/api/files/" + id + "/../../state/analysis-completed.json", "/api/v1/jobs/" + id + "/files/state/analysis-completed.json")) {
            RawHttp.Answer a = RawHttp.get(port, path, LOAD_KEY);
            assertTrue(a.status() >= 400 && a.status() < 500, path + ": " + a);
            assertTrue(!a.body().contains("root:") && !a.body().contains("\"type\":\"COMPLETED\""), path + " leaked");
            traversalStatuses.merge(a.status(), 1, Integer::sum);
            cases++;
        }
        FIGURES.add("path traversal: %d requests over %d routes, answers by status %s, no file served", cases,
                routes.size() + 4, traversalStatuses);

        // malformed multipart
        byte[] wav = TestWavs.clickTrack(16000, 1, 1, 120);
        String w = new String(wav, StandardCharsets.ISO_8859_1);
        Map<String, String> malformed = new LinkedHashMap<>();
        malformed.put("boundary never used", "--zzz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\n" + w + "\r\n--zzz--\r\n");
        malformed.put("no closing boundary", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\n" + w.substring(0, 200));
        malformed.put("part without headers", "--b\r\n\r\n\r\n--b--\r\n");
        malformed.put("binary garbage", "\u0000\u0001\u0002 not multipart \u00ff\u00fe");
        malformed.put("empty body", "");
        malformed.put("two files", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\n" + w
                + "\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.wav\"\r\n\r\n" + w + "\r\n--b--\r\n");
        for (Map.Entry<String, String> m : malformed.entrySet()) {
            RawHttp.Answer a = post("multipart/form-data; boundary=b", m.getValue().getBytes(StandardCharsets.ISO_8859_1), "");
            assertClientError(a, m.getKey());
            cases++;
        }
        assertClientError(post("multipart/form-data", "--b\r\n\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII), ""),
                "multipart without a boundary");
        cases++;

        // lengths: huge or false declarations are refused before a byte is read
        for (String length : List.of("100000000000000", "99999999999999999999999", "12abc")) {
            RawHttp.Answer a = RawHttp.exchange(port, "POST /api/v1/jobs HTTP/1.1\r\nHost: x\r\nX-Api-Key: " + LOAD_KEY
                    + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: " + length, null, Duration.ofSeconds(10));
            assertTrue(a.status() == 413 || a.status() == 400, length + ": " + a);
            cases++;
        }
        assertEquals("FILE_TOO_LARGE", RawHttp.exchange(port, "POST /api/v1/jobs HTTP/1.1\r\nHost: x\r\nX-Api-Key: " + LOAD_KEY
                + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000000000000", null,
                Duration.ofSeconds(10)).code());
        // a WAV whose header claims 4 GB of samples: refused or read as what is there, never trusted
        RawHttp.Answer lying = postFile("lying.wav", TestWavs.lyingHeader(16000, 0xFFFFFF00L, 16000), "analysis", Map.of());
        assertTrue(lying.status() == 202 || (lying.status() >= 400 && lying.status() < 500), lying.toString());
        if (lying.status() == 202) {
            JsonNode job = GatewayClient.JSON.readTree(lying.body());
            CREATED.add(job.path("id").asText());
            assertTrue(job.path("input").path("durationSeconds").asDouble() < 2, "duration read from the data: " + job);
        }
        cases++;
        // a gzip bomb is never inflated
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(packed)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 1024; i++) {
                gz.write(zeros); // 1 GiB of zeros in about 1 MB
            }
        }
        assertClientError(post("multipart/form-data; boundary=b", packed.toByteArray(), "\r\nContent-Encoding: gzip"), "gzip bomb");
        cases++;

        // oversized options, names and bodies of the wrong type
        assertClientError(postFile("a.wav", wav, "karaoke", Map.of("lyrics", "la ".repeat(100_000))), "300 KB lyrics field");
        assertClientError(postFile("a.wav", wav, "speech", Map.of("language", "x".repeat(70_000))), "70 KB option");
        assertClientError(post("application/json", ("{\"options\":\"" + "x".repeat(5_000_000) + "\"}").getBytes(StandardCharsets.US_ASCII), ""), "5 MB JSON body");
        RawHttp.Answer longName = postFile("a".repeat(300) + ".wav", wav, "analysis", Map.of());
        assertEquals("INVALID_FILE_NAME", longName.code(), longName.toString());
        assertClientError(postFile("b".repeat(30_000) + ".wav", wav, "analysis", Map.of()), "30 KB file name");
        assertClientError(postFile("../../etc/passwd", wav, "analysis", Map.of()), "path as file name");
        cases += 6;
        for (String type : List.of("text/plain", "application/x-does-not-exist", "audio/wav", "application/octet-stream",
                "application/x-www-form-urlencoded")) {
            RawHttp.Answer a = post(type, wav, "");
            assertEquals(415, a.status(), type + ": " + a);
            assertEquals("UNSUPPORTED_MEDIA_TYPE", a.code(), type);
            cases++;
        }
        FIGURES.add("bad requests: %d (traversal, malformed multipart, false lengths, lying WAV header, gzip bomb, "
                + "oversized fields and bodies, long and path-like file names, unknown content types), no 5xx", cases);

        slowClientsAreCutOffWhileOthersAreServed();
        rateLimitBurstIsRefusedWith429();

        assertEquals(200, RawHttp.get(port, "/q/health/ready", null).status());
        String after = submitOk("after-abuse.wav", TestWavs.clickTrack(16000, 1, 3, 100), "analysis");
        assertEquals("COMPLETED", gateway.awaitEnd(after, JOB_TIMEOUT).path("status").asText());
        long rssAfter = rssKb("gateway");
        FIGURES.add("gateway RSS: %d MB before the abuse, %d MB after (heap capped at 512 MB)", rssBefore / 1024,
                rssAfter / 1024);
        assertTrue(rssAfter < 1_200_000, "gateway RSS " + rssAfter + " kB");
    }

    private void slowClientsAreCutOffWhileOthersAreServed() throws Exception {
        int slow = 30;
        ExecutorService pool = Executors.newFixedThreadPool(slow + 1);
        try {
            List<Future<long[]>> loris = new ArrayList<>();
            for (int i = 0; i < slow; i++) {
                loris.add(pool.submit(() -> slowUpload(10_000)));
            }
            Future<long[]> stalled = pool.submit(() -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    s.setSoTimeout(30_000);
                    s.getOutputStream().write(("GET /api/v1/jobs HTTP/1.1\r\nHost: x\r\nX-Api-Key: " + LOAD_KEY + "\r\nX-Stall: ")
                            .getBytes(StandardCharsets.US_ASCII));
                    long t0 = System.nanoTime();
                    int b = s.getInputStream().read();
                    return new long[]{b, (System.nanoTime() - t0) / 1_000_000};
                }
            });
            Thread.sleep(1000);
            long[] latencies = new long[50];
            for (int i = 0; i < latencies.length; i++) {
                long t0 = System.nanoTime();
                assertEquals(200, gateway.get("/api/v1/limits").status());
                latencies[i] = (System.nanoTime() - t0) / 1_000_000;
                Thread.sleep(100);
            }
            int cut = 0;
            long longest = 0;
            for (Future<long[]> f : loris) {
                long[] r = f.get(60, TimeUnit.SECONDS);
                assertEquals(408, r[0], "slow upload answered " + r[0]);
                cut++;
                longest = Math.max(longest, r[1]);
            }
            long[] st = stalled.get(60, TimeUnit.SECONDS);
            assertEquals(-1, st[0], "a stalled request gets no answer, only a close");
            assertTrue(st[1] < 20_000, "stalled connection closed after " + st[1] + " ms");
            FIGURES.add("slow-loris: %d uploads at 1 byte/s all cut off with 408 REQUEST_TIMEOUT within %.1f s; a stalled "
                            + "request closed after %.1f s; meanwhile other requests p95 %d ms (max %d ms)", cut, longest / 1000.0,
                    st[1] / 1000.0, Figures.percentile(latencies, 95), Figures.percentile(latencies, 100));
            assertTrue(Figures.percentile(latencies, 95) < 2000, "others were held up");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends an upload's head and then one byte a second; returns {status, ms until the answer}. */
    private long[] slowUpload(int declared) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/jobs HTTP/1.1\r\nHost: x\r\nX-Api-Key: " + LOAD_KEY
                    + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: " + declared + "\r\n\r\n--b\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 45_000_000_000L) {
                try {
                    out.write('x');
                    out.flush();
                } catch (IOException closed) {
                    // the server gave up on us: its answer may already be waiting
                }
                int first;
                try {
                    first = in.read();
                } catch (java.net.SocketTimeoutException quiet) {
                    continue; // nothing yet: one more byte
                } catch (IOException reset) {
                    return new long[]{-1, (System.nanoTime() - t0) / 1_000_000};
                }
                if (first < 0) {
                    return new long[]{-1, (System.nanoTime() - t0) / 1_000_000};
                }
                s.setSoTimeout(5000);
                RawHttp.Answer a = RawHttp.read(new java.io.SequenceInputStream(
                        new java.io.ByteArrayInputStream(new byte[]{(byte) first}), in));
                return new long[]{a.status(), (System.nanoTime() - t0) / 1_000_000};
            }
            return new long[]{0, (System.nanoTime() - t0) / 1_000_000};
        }
    }

    private void rateLimitBurstIsRefusedWith429() throws Exception {
        byte[] wav = TestWavs.clickTrack(16000, 1, 1, 120);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<RawHttp.Answer>> burst = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                burst.add(pool.submit(() -> postFileAs(BURST_KEY, "burst.wav", wav, "analysis", Map.of())));
            }
            int accepted = 0;
            int limited = 0;
            for (Future<RawHttp.Answer> f : burst) {
                RawHttp.Answer a = f.get(60, TimeUnit.SECONDS);
                if (a.status() == 202) {
                    accepted++;
                    CREATED.add(GatewayClient.JSON.readTree(a.body()).path("id").asText());
                } else {
                    assertEquals(429, a.status(), a.toString());
                    assertEquals("RATE_LIMITED", a.code());
                    assertTrue(a.head().toLowerCase().contains("retry-after:"), a.head());
                    limited++;
                }
            }
            assertTrue(accepted <= 10 && limited >= 10, accepted + " accepted, " + limited + " limited");
            FIGURES.add("rate-limit burst: 20 concurrent submissions on a key allowed 5/min: %d accepted, %d x 429 "
                    + "RATE_LIMITED with Retry-After; other keys unaffected", accepted, limited);
            assertEquals(200, gateway.get("/api/v1/limits").status());
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- load

    @Test
    @Order(3)
    void twoHundredConcurrentUploadsAndTenThousandStatusReadsLoseNothing() throws Exception {
        int uploads = 200;
        int reads = 10_000;
        byte[][] files = new byte[4][];
        for (int i = 0; i < files.length; i++) {
            files[i] = TestWavs.clickTrack(16000, 1, 2 + i, 90 + 10 * i); // 2-5 s, 64-160 KB
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(16)).connectTimeout(Duration.ofSeconds(10)).build();
        List<CompletableFuture<long[]>> sent = new ArrayList<>();
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger serverErrors = new AtomicInteger();
        long t0 = System.nanoTime();
        for (int i = 0; i < uploads; i++) {
            String boundary = "load-" + UUID.randomUUID();
            byte[] body = multipart(boundary, "load-" + i + ".wav", files[i % files.length], "analysis", Map.of());
            long s0 = System.nanoTime();
            sent.add(http.sendAsync(gateway.request("/api/v1/jobs").timeout(Duration.ofSeconds(120))
                                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .thenApply(r -> {
                        if (r.statusCode() >= 500) {
                            serverErrors.incrementAndGet();
                        }
                        if (r.statusCode() == 202) {
                            try {
                                ids.add(GatewayClient.JSON.readTree(r.body()).path("id").asText());
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                        return new long[]{r.statusCode(), (System.nanoTime() - s0) / 1_000_000};
                    }));
        }
        long[] uploadMs = new long[uploads];
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < uploads; i++) {
            long[] r = sent.get(i).get(180, TimeUnit.SECONDS);
            statuses.merge((int) r[0], 1, Integer::sum);
            uploadMs[i] = r[1];
        }
        double uploadSeconds = seconds(t0);
        CREATED.addAll(ids);
        assertEquals(Map.of(202, uploads), statuses, "every upload accepted");

        // 10,000 status reads from 32 clients while the jobs run
        long r0 = System.nanoTime();
        long[] readMs = new long[reads];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger readErrors = new AtomicInteger();
        ExecutorService readers = Executors.newFixedThreadPool(32);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < 32; c++) {
            done.add(readers.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < reads; ) {
                    long s0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(gateway.request("/api/v1/jobs/" + ids.get(i % ids.size())).GET().build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            readErrors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        readErrors.incrementAndGet();
                    }
                    readMs[i] = (System.nanoTime() - s0) / 1_000_000;
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(300, TimeUnit.SECONDS);
        }
        readers.shutdown();
        double readSeconds = seconds(r0);

        // every job reaches a final state
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        long[] jobMs = new long[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            JsonNode job = gateway.awaitEnd(ids.get(i), Duration.ofSeconds(Math.max(10, 240 - (long) seconds(t0))));
            outcomes.merge(job.path("status").asText(), 1, Integer::sum);
            jobMs[i] = java.time.Duration.between(java.time.Instant.parse(job.path("createdAt").asText()),
                    java.time.Instant.parse(job.path("completedAt").asText())).toMillis();
        }
        double allDone = seconds(t0);
        assertEquals(0, serverErrors.get(), "5xx answers to uploads");
        assertEquals(0, readErrors.get(), "failed status reads");
        assertEquals(Map.of("COMPLETED", uploads), outcomes, "every job completed");
        FIGURES.add("load: %d concurrent uploads (2-5 s WAV, analysis pipeline) accepted in %.1f s = %.1f uploads/s; "
                        + "upload latency p50 %d ms, p95 %d ms, max %d ms; all 202, no 5xx", uploads, uploadSeconds,
                uploads / uploadSeconds, Figures.percentile(uploadMs, 50), Figures.percentile(uploadMs, 95),
                Figures.percentile(uploadMs, 100));
        FIGURES.add("load: %d status reads from 32 clients in %.1f s = %.0f reads/s; p50 %d ms, p95 %d ms, max %d ms; "
                        + "no errors", reads, readSeconds, reads / readSeconds, Figures.percentile(readMs, 50),
                Figures.percentile(readMs, 95), Figures.percentile(readMs, 100));
        FIGURES.add("load: all %d jobs COMPLETED %.1f s after the first upload (%.1f jobs/s); job time p50 %.1f s, p95 %.1f s; "
                        + "jobs lost 0", uploads, allDone, uploads / allDone, Figures.percentile(jobMs, 50) / 1000.0,
                Figures.percentile(jobMs, 95) / 1000.0);
    }

    // ---------------------------------------------------------------- faults

    @Test
    @Order(4)
    void everyStageServiceKilledMidJobFinishesItsJobAfterARestartWithOneSetOfOutputs() throws Exception {
        STACK.up(); // whatever an earlier failure left down (a no-op when all runs)
        // long enough that each stage runs several seconds on a quiet machine of this class; a stage
        // that still ends before it is seen RUNNING gets a recording twice as long (engine speed varies
        // tenfold with the load other builds put on the machine)
        Map<String, double[]> lengths = new LinkedHashMap<>(); // stage -> {sample rate, channels, seconds}
        lengths.put("analysis", new double[]{8000, 1, 2700});
        lengths.put("separation", new double[]{22050, 2, 300});
        lengths.put("transcription", new double[]{16000, 1, 600});
        lengths.put("enhancement", new double[]{8000, 1, 2400});
        Map<String, String> jobs = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        AtomicInteger longer = new AtomicInteger();
        ExecutorService watchers = Executors.newFixedThreadPool(lengths.size());
        Map<String, Future<String>> watched = new LinkedHashMap<>();
        try {
            // one watcher per stage: submits, polls its job every 20 ms, kills the service once it runs
            for (Map.Entry<String, double[]> l : lengths.entrySet()) {
                watched.put(l.getKey(), watchers.submit(() -> killWhileRunning(l.getKey(), l.getValue(), longer)));
            }
            Map<String, String> running = new LinkedHashMap<>();
            for (Map.Entry<String, Future<String>> w : watched.entrySet()) {
                running.put(w.getKey(), w.getValue().get(180, TimeUnit.SECONDS));
            }
            jobs.putAll(running);
        } finally {
            watchers.shutdownNow();
        }
        Set<String> killed = new java.util.TreeSet<>(jobs.keySet());
        assertEquals(Set.copyOf(STAGES), killed);
        long k = System.nanoTime();
        STACK.up();
        double restart = seconds(k);
        for (Map.Entry<String, String> j : jobs.entrySet()) {
            JsonNode job = gateway.awaitEnd(j.getValue(), JOB_TIMEOUT);
            assertEquals("COMPLETED", job.path("status").asText(), job.toString());
            assertTrue(job.path("stages").path(j.getKey()).path("attempts").asInt() >= 2, "delivered again: " + job);
        }
        double ended = seconds(t0);
        // a run killed while writing leaves its temporary file; the uploads maintenance task removes those
        long partial = 0;
        for (String id : jobs.values()) {
            try (Stream<Path> files = Files.walk(STACK.dataDir().resolve("jobs").resolve(id))) {
                partial += files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
            }
        }
        Thread.sleep(1100);
        assertEquals(200, RawHttp.request(port, "POST", "/api/v1/maintenance/uploads", LOAD_KEY).status());
        for (String id : jobs.values()) {
            assertOneSetOfOutputs(id);
        }
        FIGURES.add("faults: analysis, separation, transcription, enhancement SIGKILLed mid-job (RUNNING), restarted "
                + "(%.1f s): 4/4 jobs COMPLETED on the redelivered request, one set of outputs each; %.1f s from first "
                + "kill to last job end; %d partial writes of the killed runs removed by the uploads maintenance task; "
                + "%d job(s) resubmitted longer because the stage ended before it was seen RUNNING",
                restart, ended, partial, longer.get());
    }

    @Test
    @Order(5)
    void aHungStageServiceIsTimedOutByTheWatchdogAndTheJobDegrades() throws Exception {
        STACK.up(); // whatever an earlier failure left down (a no-op when all runs)
        // the speech pipeline: when enhancement fails the original audio is transcribed (PARTIAL)
        String id = submitOk("hung.wav", TestWavs.clickTrack(16000, 1, 20, 100), "speech");
        long t0 = System.nanoTime();
        String status = "";
        while (!status.equals("RUNNING") && seconds(t0) < 60) {
            status = gateway.get("/api/v1/jobs/" + id).body().path("stages").path("enhancement").path("status").asText();
            assertTrue(!status.equals("COMPLETED"), "enhancement finished before it could hang");
            Thread.sleep(10);
        }
        ProcessHandle enhancement = STACK.process("enhancement");
        signal("STOP", enhancement.pid());
        long stopped = System.nanoTime();
        JsonNode job;
        try {
            job = gateway.awaitEnd(id, Duration.ofSeconds(120));
        } finally {
            signal("CONT", enhancement.pid());
        }
        double took = seconds(stopped);
        assertEquals("PARTIAL", job.path("status").asText(), job.toString());
        JsonNode error = job.path("stages").path("enhancement").path("error");
        assertEquals("STAGE_TIMEOUT", error.path("code").asText(), job.toString());
        assertTrue(error.path("retryable").asBoolean());
        assertTrue(job.path("stages").path("transcription").path("degraded").asText().contains("original"), job.toString());
        assertEquals("COMPLETED", job.path("stages").path("transcription").path("status").asText());
        // the worker wakes, its consumer rejoins and finishes late: the recorded outcome stands
        Thread.sleep(10_000);
        JsonNode later = gateway.get("/api/v1/jobs/" + id).body();
        assertEquals("PARTIAL", later.path("status").asText());
        assertEquals("STAGE_TIMEOUT", later.path("stages").path("enhancement").path("error").path("code").asText());
        JsonNode transcript = gateway.get("/api/v1/jobs/" + id + "/results").body().path("stages").path("transcription");
        assertTrue(transcript.path("files").has("transcript.json"), transcript.toString());
        assertEquals(200, RawHttp.get(port + 4, "/q/health/live", null).status(), "enhancement alive again");
        FIGURES.add("faults: enhancement hung (SIGSTOP) mid-job: the watchdog failed the stage with STAGE_TIMEOUT after "
                + "%.1f s (limit 25 s + 0.5 s per audio second = 35 s), the original audio was transcribed, job PARTIAL; "
                + "the late result after SIGCONT changed nothing", took);
    }

    @Test
    @Order(6)
    void kafkaRestartedUnderAJobLosesNoJob() throws Exception {
        STACK.up(); // whatever an earlier failure left down (a no-op when all runs)
        String id = submitOk("during-kafka.wav", TestWavs.clickTrack(8000, 1, 900, 100), "analysis");
        awaitStage(id, "analysis", "RUNNING", Duration.ofSeconds(60));
        long t0 = System.nanoTime();
        STACK.kill("kafka");
        // a submission while the broker is away is refused cleanly, and nothing of it stays behind
        RawHttp.Answer refused = postFile("refused.wav", TestWavs.clickTrack(16000, 1, 2, 100), "analysis", Map.of());
        assertEquals(503, refused.status(), refused.toString());
        assertEquals("SERVICE_UNAVAILABLE", refused.code());
        double refusedAfter = seconds(t0);
        assertEquals(200, gateway.get("/api/v1/jobs/" + id).status(), "status reads go on without Kafka");
        STACK.up();
        double back = seconds(t0);
        JsonNode job = gateway.awaitEnd(id, JOB_TIMEOUT);
        assertTrue(job.path("status").asText().equals("COMPLETED") || job.path("stages").path("analysis").path("error")
                .path("code").asText().length() > 0, "completed or a recorded error: " + job);
        String after = submitOk("after-kafka.wav", TestWavs.clickTrack(16000, 1, 3, 100), "analysis");
        assertEquals("COMPLETED", gateway.awaitEnd(after, JOB_TIMEOUT).path("status").asText());
        FIGURES.add("faults: Kafka SIGKILLed under a running job and restarted (back in %.1f s): an upload meanwhile got "
                        + "503 SERVICE_UNAVAILABLE after %.1f s with nothing stored; the running job ended %s%s; new jobs complete",
                back, refusedAfter, job.path("status").asText(), errorOf(job, "analysis"));
    }

    @Test
    @Order(7)
    void redisRestartedUnderAJobLosesNoJob() throws Exception {
        STACK.up(); // whatever an earlier failure left down (a no-op when all runs)
        String id = submitOk("during-redis.wav", TestWavs.clickTrack(8000, 1, 900, 100), "analysis");
        awaitStage(id, "analysis", "RUNNING", Duration.ofSeconds(60));
        redis("SAVE"); // a production Redis persists (RDB/AOF); the local stack's only when asked
        long t0 = System.nanoTime();
        STACK.killRedisServer();
        RawHttp.Answer read = RawHttp.get(port, "/api/v1/jobs/" + id, LOAD_KEY);
        assertEquals(503, read.status(), read.toString());
        assertEquals("SERVICE_UNAVAILABLE", read.code());
        assertTrue(read.problemJson());
        STACK.up();
        double back = seconds(t0);
        JsonNode job = gateway.awaitEnd(id, JOB_TIMEOUT);
        assertEquals("COMPLETED", job.path("status").asText(), job.toString());
        String after = submitOk("after-redis.wav", TestWavs.clickTrack(16000, 1, 3, 100), "analysis");
        assertEquals("COMPLETED", gateway.awaitEnd(after, JOB_TIMEOUT).path("status").asText());
        FIGURES.add("faults: Redis SIGKILLed under a running job and restarted from its snapshot (back in %.1f s): reads "
                + "meanwhile 503 SERVICE_UNAVAILABLE problem+json; the job's events were held and applied, job COMPLETED", back);
    }

    @Test
    @Order(8)
    void aFullStorageQuotaIs507ForUploadsAndARecordedErrorForStages() throws Exception {
        STACK.up(); // whatever an earlier failure left down (a no-op when all runs)
        Path filler = STACK.dataDir().resolve("jobs/quota-filler.bin"); // the quota counts the jobs folder
        byte[] song = TestWavs.clickTrack(44100, 2, 20, 100); // 3.5 MB in, about 5 x as much out of separation
        try {
            fill(filler, QUOTA - used() + 1);
            Thread.sleep(1500); // every service's measurement of the store is at most 0.5 s old
            RawHttp.Answer full = postFile("full.wav", song, "separation", Map.of());
            assertEquals(507, full.status(), full.toString());
            assertEquals("STORAGE_FULL", full.code());
            assertTrue(full.problemJson());

            fill(filler, QUOTA - used() - song.length - (2 << 20)); // room for the upload, not for the stems
            Thread.sleep(1500);
            String id = submitOk("stems.wav", song, "separation");
            JsonNode job = gateway.awaitEnd(id, JOB_TIMEOUT);
            assertEquals("FAILED", job.path("status").asText(), job.toString());
            JsonNode error = job.path("stages").path("separation").path("error");
            assertEquals("STORAGE_FULL", error.path("code").asText(), job.toString());
            assertTrue(!error.path("retryable").asBoolean());
            try (Stream<Path> files = Files.walk(STACK.dataDir().resolve("jobs").resolve(id))) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no partial files left");
            }
            FIGURES.add("faults: blob store quota filled (sparse file, no real disk used): upload 507 STORAGE_FULL "
                    + "problem+json; a separation job whose stems no longer fit ended FAILED with STORAGE_FULL (not retryable), "
                    + "no partial files");
        } finally {
            Files.deleteIfExists(filler);
        }
        Thread.sleep(1500);
        String ok = submitOk("after-full.wav", TestWavs.clickTrack(16000, 1, 3, 100), "separation");
        assertEquals("COMPLETED", gateway.awaitEnd(ok, JOB_TIMEOUT).path("status").asText());
    }

    @Test
    @Order(9)
    void poisonOnEveryStageTopicGoesToItsDeadLetterTopicAndJobsKeepFlowing() throws Exception {
        STACK.up(); // whatever an earlier failure left down (a no-op when all runs)
        String victim = submitOk("victim.wav", TestWavs.clickTrack(16000, 1, 3, 100), "analysis");
        gateway.awaitEnd(victim, JOB_TIMEOUT);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (String stage : STAGES) {
                producer.send(new ProducerRecord<>("audiomesh.stage." + stage, "poison",
                        "{\"schemaVersion\":1,\"stage\":\"" + stage + "\" this is not JSON " + stage)).get(30, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>("audiomesh.stage." + stage, "poison", "\u0000\u00ff binary "
                        + stage)).get(30, TimeUnit.SECONDS);
            }
        }
        for (String stage : STAGES) {
            List<String> dead = deadLetters("audiomesh.stage." + stage + ".dlq", 2);
            assertTrue(dead.stream().anyMatch(v -> v.contains("this is not JSON " + stage)), stage + ": " + dead);
            assertTrue(dead.stream().anyMatch(v -> v.contains("binary " + stage)), stage + ": " + dead);
        }
        String karaoke = submitOk("after-poison.wav", TestWavs.clickTrack(22050, 2, 4, 100), "karaoke");
        String speech = submitOk("after-poison-speech.wav", TestWavs.clickTrack(16000, 1, 4, 100), "speech");
        assertTrue(FINAL.contains(gateway.awaitEnd(karaoke, JOB_TIMEOUT).path("status").asText()));
        JsonNode k = gateway.get("/api/v1/jobs/" + karaoke).body();
        for (String stage : List.of("analysis", "separation", "transcription")) {
            assertEquals("COMPLETED", k.path("stages").path(stage).path("status").asText(), k.toString());
        }
        assertEquals("COMPLETED", gateway.awaitEnd(speech, JOB_TIMEOUT).path("stages").path("enhancement").path("status").asText());
        FIGURES.add("faults: 8 poison messages (2 per stage topic) all in the 4 dead-letter topics; karaoke and speech jobs "
                + "afterwards ran every stage to COMPLETED");
    }

    @Test
    @Order(10)
    void noJobWasLostOrLeftRunning() throws Exception {
        Map<String, Integer> byStatus = new java.util.TreeMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); // one bound for all of them
        for (String id : CREATED) {
            GatewayClient.Reply r = gateway.get("/api/v1/jobs/" + id);
            assertEquals(200, r.status(), "job " + id + " lost");
            String status = r.body().path("status").asText();
            if (!FINAL.contains(status)) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L);
                status = gateway.awaitEnd(id, Duration.ofSeconds(left)).path("status").asText();
            }
            byStatus.merge(status, 1, Integer::sum);
        }
        assertEquals(200, RawHttp.get(port, "/q/health/ready", null).status());
        FIGURES.add("jobs: %d created by this class, %d found, all in a final state %s; jobs lost 0, stuck 0",
                CREATED.size(), byStatus.values().stream().mapToInt(Integer::intValue).sum(), byStatus);
    }

    // ---------------------------------------------------------------- helpers

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private String submitOk(String name, byte[] content, String pipeline) throws Exception {
        GatewayClient.Reply r = gateway.submit(name, content, pipeline);
        assertEquals(202, r.status(), r.body().toString());
        String id = r.body().path("id").asText();
        CREATED.add(id);
        return id;
    }

    /**
     * Submits a single-stage job and kills the stage's service (SIGKILL) as soon as the job shows it
     * RUNNING; a job that ends first is submitted again with a recording twice as long.
     *
     * @return the id of the job whose service was killed under it
     */
    private String killWhileRunning(String stage, double[] recording, AtomicInteger longer) throws Exception {
        for (int round = 0; round < 4; round++) {
            String id = submitOk(stage + ".wav", recording(recording), stage);
            long t0 = System.nanoTime();
            while (seconds(t0) < 60) {
                String status = gateway.get("/api/v1/jobs/" + id).body().path("stages").path(stage).path("status").asText();
                if (status.equals("RUNNING")) {
                    STACK.kill(stage);
                    return id;
                }
                if (status.equals("COMPLETED") || status.equals("FAILED")) {
                    break;
                }
                Thread.sleep(20);
            }
            recording[2] = Math.min(7000, recording[2] * 2); // the gateway's duration limit is 2 h
            longer.incrementAndGet();
        }
        throw new AssertionError(stage + " always ended before it could be killed");
    }

    private static byte[] recording(double[] rateChannelsSeconds) {
        return TestWavs.clickTrack((int) rateChannelsSeconds[0], (int) rateChannelsSeconds[1], rateChannelsSeconds[2], 100);
    }

    private static byte[] multipart(String boundary, String fileName, byte[] content, String pipeline,
                                    Map<String, String> fields) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder("--" + boundary + "\r\nContent-Disposition: form-data; name=\"pipeline\"\r\n\r\n"
                + pipeline + "\r\n");
        fields.forEach((k, v) -> head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                .append(k).append("\"\r\n\r\n").append(v).append("\r\n"));
        head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"")
                .append(fileName).append("\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    private static RawHttp.Answer postFile(String fileName, byte[] content, String pipeline, Map<String, String> fields)
            throws IOException {
        return postFileAs(LOAD_KEY, fileName, content, pipeline, fields);
    }

    private static RawHttp.Answer postFileAs(String key, String fileName, byte[] content, String pipeline,
                                             Map<String, String> fields) throws IOException {
        String boundary = "it-" + UUID.randomUUID();
        byte[] body = multipart(boundary, fileName, content, pipeline, fields);
        return RawHttp.exchange(port, "POST /api/v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Api-Key: " + key
                + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: " + body.length, body,
                Duration.ofSeconds(60));
    }

    private static RawHttp.Answer post(String contentType, byte[] body, String extraHeaders) throws IOException {
        return RawHttp.exchange(port, "POST /api/v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Api-Key: " + LOAD_KEY
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + extraHeaders, body, Duration.ofSeconds(60));
    }

    private static void assertClientError(RawHttp.Answer a, String what) {
        assertTrue(a.status() >= 400 && a.status() < 500, what + ": " + a);
        assertTrue(a.problemJson(), what + " is not problem+json: " + a.head());
        assertTrue(!a.code().isEmpty(), what + " has no code: " + a);
        System.out.println("ABUSE " + what + " -> " + a.status() + " " + a.code());
    }

    private static void awaitStage(String id, String stage, String status, Duration timeout) throws Exception {
        long t0 = System.nanoTime();
        String seen = "";
        while (!seen.equals(status) && seconds(t0) < timeout.toSeconds()) {
            seen = gateway.get("/api/v1/jobs/" + id).body().path("stages").path(stage).path("status").asText();
            Thread.sleep(20);
        }
        assertEquals(status, seen, stage + " of " + id);
    }

    /** Every output of the job exactly once: no temporary or leftover files beside them. */
    private static void assertOneSetOfOutputs(String id) throws Exception {
        JsonNode results = gateway.get("/api/v1/jobs/" + id + "/results").body().path("stages");
        try (Stream<Path> files = Files.walk(STACK.dataDir().resolve("jobs").resolve(id))) {
            List<Path> all = files.filter(Files::isRegularFile).toList();
            assertTrue(all.stream().noneMatch(p -> p.getFileName().toString().startsWith(".")), "temp files: " + all);
            for (Path p : all) {
                String area = p.getParent().getFileName().toString();
                if (area.equals("input") || area.equals("state")) {
                    continue;
                }
                String stage = area.equals("stems") ? "separation" : area;
                assertTrue(results.path(stage).path("files").has(p.getFileName().toString()),
                        "file " + p + " is not one of the recorded outputs " + results.path(stage).path("files"));
            }
        }
    }

    private static String errorOf(JsonNode job, String stage) {
        String code = job.path("stages").path(stage).path("error").path("code").asText();
        return code.isEmpty() ? "" : " (" + stage + " " + code + ")";
    }

    private static long used() throws IOException {
        try (Stream<Path> files = Files.walk(STACK.dataDir().resolve("jobs"))) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    private static void fill(Path filler, long bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(filler.toFile(), "rw")) {
            f.setLength(Math.max(0, f.length() + bytes)); // sparse: no disk blocks
        }
    }

    private static long rssKb(String process) throws IOException {
        long pid = STACK.process(process).pid();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static void signal(String signal, long pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "kill -" + signal + " " + pid);
    }

    /** One Redis command over RESP (the stack's Redis, on 127.0.0.1). */
    private static String redis(String command) throws IOException {
        try (Socket s = new Socket("127.0.0.1", LocalStack.REDIS_PORT)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("*1\r\n$" + command.length() + "\r\n" + command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[256];
            int n = s.getInputStream().read(buf);
            String answer = new String(buf, 0, Math.max(0, n), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("+OK"), command + ": " + answer);
            return answer;
        }
    }

    private static List<String> deadLetters(String topic, int atLeast) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && values.size() < atLeast) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
