package org.audiomesh.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.audiomesh.testing.KafkaTestResource;
import org.audiomesh.testing.RedisTestResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Every kind of bad input gets a 4xx problem+json with a stable code, and the gateway stays
 * healthy afterwards (checked after each test).
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = false)
class BadInputTest {

    @AfterEach
    void gatewayStillHealthy() throws Exception {
        given().get("/q/health/live").then().statusCode(200);
        Multipart.form().file("file", "ok.wav", TestAudio.toneWav(0.5, 16000, 1)).field("pipeline", "analysis").post("/api/v1/jobs").statusCode(202);
    }

    private static ValidatableResponse upload(String name, byte[] bytes, String pipeline) {
        Multipart form = Multipart.form().file("file", name, bytes);
        return (pipeline == null ? form : form.field("pipeline", pipeline)).post("/api/v1/jobs");
    }

    private static void problem(ValidatableResponse r, int status, String code) {
        r.statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo(code))
                .body("status", equalTo(status))
                .body("type", startsWith("urn:audiomesh:problem:"));
    }

    @Test
    void zeroBytesIsEmptyFile() {
        problem(upload("empty.wav", new byte[0], "analysis"), 400, "EMPTY_FILE");
    }

    @Test
    void textRenamedWavIsUnsupportedFormat() {
        problem(upload("notes.wav", "just some text, not audio\n".repeat(20).getBytes(StandardCharsets.UTF_8),
                "analysis"), 415, "UNSUPPORTED_FORMAT");
    }

    @Test
    void pngRenamedMp3IsUnsupportedFormat() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1,
                0, 0, 0, 1, 8, 6, 0, 0, 0};
        problem(upload("cover.mp3", png, "karaoke"), 415, "UNSUPPORTED_FORMAT");
    }

    @Test
    void truncatedWavHeaderIsCorruptAudio() throws Exception {
        byte[] wav = TestAudio.toneWav(0.2, 16000, 1);
        problem(upload("cut.wav", Arrays.copyOf(wav, 30), "analysis"), 422, "CORRUPT_AUDIO");
    }

    @Test
    void headerClaimingAHugeDataSizeIsRefusedOrReadAsWhatIsThere() throws Exception {
        byte[] wav = TestAudio.toneWav(0.2, 16000, 1);
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(4, 0x7fffffff);
        b.putInt(40, 0x7ffffff0); // data chunk size far beyond the file
        upload("huge.wav", wav, "analysis").statusCode(202);
        byte[] noData = Arrays.copyOf(wav, 44);
        ByteBuffer.wrap(noData).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0x7ffffff0);
        problem(upload("huge-empty.wav", noData, "analysis"), 422, "CORRUPT_AUDIO");
    }

    @Test
    void oversizedUploadIsFileTooLargeBeforeTheBodyIsRead() {
        byte[] big = new byte[3 * 1024 * 1024]; // the test limit is 1 MiB
        problem(upload("big.wav", big, "analysis"), 413, "FILE_TOO_LARGE");
    }

    @Test
    void uploadJustOverTheLimitInsideTheBodyAllowanceIsFileTooLarge() throws Exception {
        byte[] wav = TestAudio.toneWav(33, 16000, 1); // ~1.06 MB of valid WAV, limit 1 MiB
        problem(upload("long.wav", wav, "analysis"), 413, "FILE_TOO_LARGE");
    }

    @Test
    void chunkedUploadWithoutContentLengthIsLengthRequired() throws Exception {
        // RestAssured streams multipart bodies chunked, without a Content-Length
        problem(given().multiPart("file", "a.wav", TestAudio.toneWav(0.2, 16000, 1)).multiPart("pipeline", "analysis")
                .post("/api/v1/jobs").then(), 411, "LENGTH_REQUIRED");
    }

    @Test
    void recordingLongerThanTheDurationLimitIsRefused() throws Exception {
        // the test limit is 25 s; 30 s of 16 kHz mono fits the 1 MiB size limit
        problem(upload("long-talk.wav", TestAudio.toneWav(30, 16000, 1), "speech"), 422, "AUDIO_TOO_LONG");
    }

    @Test
    void dotDotFileNameIsRefused() throws Exception {
        problem(upload("../../etc/passwd.wav", TestAudio.toneWav(0.2, 16000, 1), "analysis"), 400,
                "INVALID_FILE_NAME");
    }

    @Test
    void absoluteFileNameIsRefused() throws Exception {
        problem(upload("/etc/passwd.wav", TestAudio.toneWav(0.2, 16000, 1), "analysis"), 400, "INVALID_FILE_NAME");
        problem(upload("C:\\Windows\\x.wav", TestAudio.toneWav(0.2, 16000, 1), "analysis"), 400,
                "INVALID_FILE_NAME");
    }

    @Test
    void unknownPipelineIsRefused() throws Exception {
        problem(upload("a.wav", TestAudio.toneWav(0.2, 16000, 1), "remix"), 400, "UNKNOWN_PIPELINE");
    }

    @Test
    void invalidOptionIsRefused() throws Exception {
        problem(Multipart.form().file("file", "a.wav", TestAudio.toneWav(0.2, 16000, 1)).field("pipeline", "speech").field("num_speakers", "many").post("/api/v1/jobs"), 400, "INVALID_OPTION");
        problem(Multipart.form().file("file", "a.wav", TestAudio.toneWav(0.2, 16000, 1)).field("pipeline", "speech").field("beam_size", "99").post("/api/v1/jobs"), 400, "INVALID_OPTION");
        problem(Multipart.form().file("file", "a.wav", TestAudio.toneWav(0.2, 16000, 1)).field("pipeline", "speech").field("noise_hint", "traffic").post("/api/v1/jobs"), 400, "INVALID_OPTION");
    }

    @Test
    void aRefusedSingleUploadIsCountedByItsCode() throws Exception {
        problem(upload("a.wav", "just some text, not audio\n".repeat(20).getBytes(StandardCharsets.UTF_8), "karaoke"),
                415, "UNSUPPORTED_FORMAT");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("audiomesh_uploads_rejected_total{code=\"UNSUPPORTED_FORMAT\""));
    }

    @Test
    void optionsOutsideTheirRangeAreRefusedAndNamed() throws Exception {
        byte[] wav = TestAudio.toneWav(0.2, 16000, 1);
        problem(Multipart.form().file("file", "a.wav", wav).field("pipeline", "enhancement")
                .field("attenuation_db", "500").post("/api/v1/jobs"), 400, "INVALID_OPTION");
        problem(Multipart.form().file("file", "a.wav", wav).field("pipeline", "separation")
                .field("stems", "../../x").post("/api/v1/jobs"), 400, "INVALID_OPTION");
        Multipart.form().file("file", "a.wav", wav).field("pipeline", "separation").field("stems", "two-stems=vocals")
                .post("/api/v1/jobs").statusCode(202).body("options.stems", equalTo("two-stems=vocals"));
    }

    @Test
    void missingFileIsRefused() {
        problem(Multipart.form().field("pipeline", "analysis").post("/api/v1/jobs"), 400, "MISSING_FILE");
    }

    @Test
    void jsonBodyIsUnsupportedMediaType() {
        problem(given().contentType("application/json").body("{\"file\":\"x\"}").post("/api/v1/jobs").then(), 415,
                "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void unknownJobIdIsJobNotFound() {
        problem(given().get("/api/v1/jobs/00000000-0000-4000-8000-000000000000").then(), 404, "JOB_NOT_FOUND");
        problem(given().get("/api/v1/jobs/not-a-job-id").then(), 404, "JOB_NOT_FOUND");
        problem(given().get("/api/status/00000000-0000-4000-8000-000000000000").then(), 404, "JOB_NOT_FOUND");
        problem(given().get("/api/v1/jobs/00000000-0000-4000-8000-000000000000/events").then(), 404,
                "JOB_NOT_FOUND");
        problem(given().delete("/api/v1/jobs/00000000-0000-4000-8000-000000000000").then(), 404, "JOB_NOT_FOUND");
    }

    @Test
    void filePathsEscapingTheJobFolderAreRefused() throws Exception {
        String id = Multipart.form().file("file", "a.wav", TestAudio.toneWav(0.2, 16000, 1)).field("pipeline", "analysis").post("/api/v1/jobs").statusCode(202).extract().path("id");
        String base = "/api/v1/jobs/" + id + "/files/";
        problem(given().urlEncodingEnabled(false).get(base + "input/..%2F..%2F..%2Fetc%2Fpasswd").then(), 400,
                "INVALID_PATH");
        problem(given().urlEncodingEnabled(false).get(base + "..%2F" + id + "%2Finput%2Fsource.wav").then(), 400,
                "INVALID_PATH");
        problem(given().urlEncodingEnabled(false).get(base + "input/%2Fetc%2Fpasswd").then(), 400, "INVALID_PATH");
        problem(given().get(base + "secrets/passwd").then(), 400, "INVALID_PATH");
        problem(given().get(base + "state/analysis-completed.json").then(), 404, "FILE_NOT_FOUND");
        problem(given().get("/api/files/" + id + "/..%2Fpasswd").then(), 400, "INVALID_PATH");
        given().get(base + "input/source.wav").then().statusCode(200).contentType("audio/wav");
    }

    @Test
    void unknownRouteIsProblemJson() {
        problem(given().get("/api/v1/nothing-here").then(), 404, "NOT_FOUND");
    }

    @Test
    void badPagingIsRefused() {
        problem(given().get("/api/v1/jobs?size=100000").then(), 400, "INVALID_REQUEST");
        given().get("/api/v1/jobs?size=5").then().statusCode(200).body("size", equalTo(5));
    }

    @Test
    void htmlInAFileNameIsOnlyMetadata() throws Exception {
        String name = "<img src=x onerror=alert(1)>.wav";
        String id = Multipart.form().file("file", name, TestAudio.toneWav(0.2, 16000, 1)).field("pipeline", "analysis").post("/api/v1/jobs").statusCode(202).contentType(containsString("json"))
                .extract().path("id");
        given().get("/api/v1/jobs/" + id).then().statusCode(200).body("input.fileName", equalTo(name));
    }
}
