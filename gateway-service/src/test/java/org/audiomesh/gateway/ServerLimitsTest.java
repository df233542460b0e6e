package org.audiomesh.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import org.audiomesh.testing.KafkaTestResource;
import org.audiomesh.testing.RedisTestResource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What protects the gateway itself: the blob store's quota (507), slow and stalled clients (408,
 * idle timeout), and request bodies that are not what they claim to be. Each answer is a 4xx (or
 * 507) problem, and the gateway answers others meanwhile.
 */
@QuarkusTest
@TestProfile(ServerLimitsTest.Limits.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = false)
class ServerLimitsTest {
    static final long QUOTA = 1L << 30;

    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("audiomesh.storage.quota-bytes", Long.toString(QUOTA),
                    "audiomesh.storage.usage-refresh", "PT0S",
                    "audiomesh.gateway.body-grace", "PT2S",
                    "audiomesh.gateway.body-min-bytes-per-second", "1000000",
                    "quarkus.http.idle-timeout", "3S");
        }
    }

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL base;

    private static void problem(ValidatableResponse r, int status, String code) {
        r.statusCode(status).contentType(startsWith("application/problem+json")).body("code", equalTo(code));
    }

    @Test
    void uploadPastTheStorageQuotaIsStorageFull507AndFitsAgainOnceSpaceIsFreed() throws Exception {
        Path filler = Path.of("target/test-data/jobs/filler-" + UUID.randomUUID() + ".bin");
        Files.createDirectories(filler.getParent());
        try (RandomAccessFile f = new RandomAccessFile(filler.toFile(), "rw")) {
            f.setLength(QUOTA); // sparse: the quota is full, the disk is not
        }
        try {
            problem(Multipart.form().file("file", "a.wav", TestAudio.toneWav(0.5, 16000, 1)).field("pipeline", "analysis")
                    .post("/api/v1/jobs"), 507, "STORAGE_FULL");
        } finally {
            Files.delete(filler);
        }
        Multipart.form().file("file", "a.wav", TestAudio.toneWav(0.5, 16000, 1)).field("pipeline", "analysis")
                .post("/api/v1/jobs").statusCode(202);
    }

    @Test
    void slowLorisBodyIsTimedOutWith408AndOthersAreServedMeanwhile() throws Exception {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                    + "Content-Length: 5000\r\n\r\n--b\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long t0 = System.nanoTime();
            InputStream in = s.getInputStream();
            s.setSoTimeout(400);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            while (System.nanoTime() - t0 < 15_000_000_000L) {
                try {
                    out.write('x'); // one byte at a time, far below the least rate
                    out.flush();
                } catch (IOException closed) {
                    break;
                }
                given().get("/q/health/live").then().statusCode(200);
                try {
                    int n = in.read();
                    if (n < 0) {
                        break;
                    }
                    answer.write(n);
                    answer.writeBytes(in.readNBytes(in.available()));
                } catch (SocketTimeoutException e) {
                    // nothing yet
                }
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String text = answer.toString(StandardCharsets.UTF_8);
            assertTrue(text.startsWith("HTTP/1.1 408"), "after " + ms + " ms: " + text);
            assertTrue(text.contains("REQUEST_TIMEOUT"), text);
            assertTrue(ms < 10_000, "timed out after " + ms + " ms");
        }
    }

    @Test
    void aConnectionThatStallsInItsHeadersIsClosedByTheIdleTimeout() throws Exception {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write("GET /api/v1/jobs HTTP/1.1\r\nHost: loc".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            long t0 = System.nanoTime();
            int first = s.getInputStream().read();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(-1, first, "closed without an answer");
            assertTrue(ms < 10_000, "closed after " + ms + " ms");
        }
    }

    @Test
    void malformedMultipartBodiesAre4xxProblems() throws Exception {
        String wav = new String(TestAudio.toneWav(0.2, 16000, 1), StandardCharsets.ISO_8859_1);
        Map<String, String> bodies = Map.of(
                "other boundary", "--zzz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\n"
                        + wav + "\r\n--zzz--\r\n",
                "no closing boundary", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\n"
                        + wav.substring(0, 100),
                "no part headers", "--b\r\n\r\n\r\n--b--\r\n",
                "garbage", "\u0000\u0001\u0002 not multipart at all \u00ff\u00fe",
                "empty", "");
        for (Map.Entry<String, String> b : bodies.entrySet()) {
            int status = given().contentType("multipart/form-data; boundary=b")
                    .body(b.getValue().getBytes(StandardCharsets.ISO_8859_1)).post("/api/v1/jobs")
                    .then().extract().statusCode();
            String type = given().contentType("multipart/form-data; boundary=b")
                    .body(b.getValue().getBytes(StandardCharsets.ISO_8859_1)).post("/api/v1/jobs")
                    .then().extract().contentType();
            System.out.println("MALFORMED " + b.getKey() + " -> " + status + " " + type);
            assertTrue(status >= 400 && status < 500, b.getKey() + " answered " + status);
            assertTrue(type.startsWith("application/problem+json"), b.getKey() + ": " + type);
        }
        String noBoundary = rawPost("multipart/form-data", "--b\r\n\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII));
        System.out.println("MALFORMED no boundary -> " + noBoundary);
        assertTrue(noBoundary.startsWith("HTTP/1.1 4") && noBoundary.contains("problem+json"), noBoundary);
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void anOversizedOptionFieldIsRefused() throws Exception {
        problem(Multipart.form().file("file", "a.wav", TestAudio.toneWav(0.2, 16000, 1)).field("pipeline", "karaoke")
                .field("lyrics", "la ".repeat(40_000)).post("/api/v1/jobs"), 413, "FIELD_TOO_LARGE");
    }

    @Test
    void veryLongFileNamesAreInvalidFileName() throws Exception {
        problem(Multipart.form().file("file", "a".repeat(300) + ".wav", TestAudio.toneWav(0.2, 16000, 1))
                .field("pipeline", "analysis").post("/api/v1/jobs"), 400, "INVALID_FILE_NAME");
        var e = Multipart.form().file("file", "b".repeat(20_000) + ".wav", TestAudio.toneWav(0.2, 16000, 1))
                .field("pipeline", "analysis").post("/api/v1/jobs").extract();
        System.out.println("HUGE NAME -> " + e.statusCode() + " " + e.contentType() + " " + e.asString());
        assertTrue(e.statusCode() >= 400 && e.statusCode() < 500);
    }

    /** POSTs a body as it is (no client-side encoding) and returns the whole answer. */
    private String rawPost(String contentType, byte[] body) throws IOException {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: "
                    + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(body);
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void unknownContentTypesAreUnsupportedMediaType() throws Exception {
        for (String type : new String[]{"text/plain", "application/x-does-not-exist", "audio/wav",
                "application/x-www-form-urlencoded"}) {
            String answer = rawPost(type, "file=a.wav".getBytes(StandardCharsets.US_ASCII));
            assertTrue(answer.startsWith("HTTP/1.1 415") && answer.contains("UNSUPPORTED_MEDIA_TYPE"), type + ": " + answer);
        }
    }

    @Test
    void declaredLengthsThatAreHugeOrNotNumbersAreRefusedBeforeReading() throws Exception {
        for (String length : new String[]{"100000000000000", "999999999999999999999", "-5", "12abc"}) {
            try (Socket s = new Socket(base.getHost(), base.getPort())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(("POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: " + length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String head = new String(s.getInputStream().readNBytes(400), StandardCharsets.ISO_8859_1);
                System.out.println("LENGTH " + length + " -> " + head.replace("\r\n", " | "));
                assertTrue(head.startsWith("HTTP/1.1 4"), length + ": " + head);
            }
        }
    }

    @Test
    void aGzipBombIsNeverInflated() throws Exception {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(packed)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) {
                gz.write(zeros); // 256 MiB of zeros in a few hundred KB
            }
        }
        var e = given().contentType("multipart/form-data; boundary=b").header("Content-Encoding", "gzip")
                .body(packed.toByteArray()).post("/api/v1/jobs").then().extract();
        System.out.println("GZIP BOMB (" + packed.size() + " bytes) -> " + e.statusCode() + " " + e.asString());
        assertEquals(400, e.statusCode());
        assertTrue(e.asString().contains("MALFORMED_MULTIPART"), e.asString());
        given().get("/q/health/live").then().statusCode(200);
    }
}
