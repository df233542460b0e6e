package org.audiomesh.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Mesh overhead benchmark: submits {@code n} one-second clips one after another through the
 * {@code analysis} pipeline of a running mesh, follows each job's SSE stream to its end, and
 * reports p50/p95 of the client's submit → COMPLETED time, of the stage's run as the gateway saw
 * it (STARTED → COMPLETED), and of their difference: the mesh overhead (upload validation,
 * Redis, Kafka hops, coordinator). Usage: {@code MeshBench [--gateway URL] [--jobs N]}, or
 * {@code MeshBench --write-clip FILE} to write the one-second clip it uploads.
 */
public final class MeshBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        String gateway = "http://127.0.0.1:8080";
        int jobs = 50;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--gateway" -> gateway = args[++i];
                case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                case "--write-clip" -> {
                    java.nio.file.Files.write(java.nio.file.Path.of(args[++i]), clicks(22050, 1.0));
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        byte[] wav = clicks(22050, 1.0);
        List<Double> total = new ArrayList<>();
        List<Double> stage = new ArrayList<>();
        List<Double> overhead = new ArrayList<>();
        for (int i = 0; i < jobs + 5; i++) {
            long start = System.nanoTime();
            String id = submit(http, gateway, wav);
            HttpResponse<Stream<String>> sse = http.send(HttpRequest.newBuilder(
                    URI.create(gateway + "/api/v1/jobs/" + id + "/events")).build(), HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> lines = sse.body()) {
                // the stream ends after its "job" event (or at once, after the snapshot, if the job already ended)
                lines.filter(l -> l.startsWith("event:job")).findFirst();
            } catch (java.io.UncheckedIOException e) {
                // the server closed the stream; the job's status is read and checked below
            }
            double clientMs = (System.nanoTime() - start) / 1e6;
            JsonNode job = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/jobs/" + id))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            if (!"COMPLETED".equals(job.path("status").asText())) {
                throw new IllegalStateException("job " + id + " ended " + job.path("status").asText());
            }
            JsonNode a = job.path("stages").path("analysis");
            double stageMs = Duration.between(Instant.parse(a.path("startedAt").asText()),
                    Instant.parse(a.path("completedAt").asText())).toNanos() / 1e6;
            if (i >= 5) { // the first five warm the JVMs up
                total.add(clientMs);
                stage.add(stageMs);
                overhead.add(clientMs - stageMs);
            }
        }
        System.out.printf("jobs: %d (1 s clips, analysis pipeline)%n", jobs);
        report("client submit -> COMPLETED", total);
        report("analysis stage STARTED -> COMPLETED", stage);
        report("mesh overhead (difference)", overhead);
    }

    private static void report(String name, List<Double> ms) {
        List<Double> s = new ArrayList<>(ms);
        Collections.sort(s);
        System.out.printf("%-38s p50 %7.1f ms   p95 %7.1f ms%n", name, s.get(s.size() / 2),
                s.get((int) Math.ceil(s.size() * 0.95) - 1));
    }

    private static String submit(HttpClient http, String gateway, byte[] wav) throws IOException, InterruptedException {
        String boundary = "bench-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"pipeline\"\r\n\r\nanalysis\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(wav);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/jobs"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IOException("submit answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).path("id").asText();
    }

    /** A mono 16-bit WAV of clicks at 120 BPM. */
    static byte[] clicks(int rate, double seconds) {
        int n = (int) (rate * seconds);
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * n).put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(2 * rate).putShort((short) 2)
                .putShort((short) 16).put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * n);
        int period = rate / 2;
        for (int i = 0; i < n; i++) {
            int k = i % period;
            b.putShort((short) (k < 200 ? 20000 * Math.sin(2 * Math.PI * 1000.0 * k / rate) : 0));
        }
        return b.array();
    }
}
