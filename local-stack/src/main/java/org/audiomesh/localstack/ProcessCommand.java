package org.audiomesh.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code ./audiomesh process FILE [--pipeline P] [--out DIR]}: uploads a recording to the gateway,
 * shows each stage's progress until the job ends, then downloads the results JSON and every file.
 * Exit status 0 for COMPLETED or PARTIAL, 1 for FAILED, 2 for a usage or upload error.
 */
public final class ProcessCommand {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(250);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String gateway;

    private ProcessCommand(String gateway) {
        this.gateway = gateway.endsWith("/") ? gateway.substring(0, gateway.length() - 1) : gateway;
    }

    public static void main(String[] args) throws Exception {
        String gateway = "http://127.0.0.1:8080";
        String pipeline = "karaoke";
        Path out = null;
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--gateway" -> gateway = args[++i];
                case "--pipeline" -> pipeline = args[++i];
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    if (args[i].startsWith("--") || file != null) {
                        usage("unexpected argument " + args[i]);
                    }
                    file = Path.of(args[i]);
                }
            }
        }
        if (file == null) {
            usage("no file given");
        }
        if (!Files.isRegularFile(file)) {
            usage("no such file: " + file);
        }
        System.exit(new ProcessCommand(gateway).run(file, pipeline, out));
    }

    private static void usage(String problem) {
        System.err.println("audiomesh process: " + problem);
        System.err.println("usage: ./audiomesh process FILE [--pipeline karaoke|speech|analysis|separation|"
                + "transcription|enhancement] [--out DIR]");
        System.exit(2);
    }

    int run(Path file, String pipeline, Path out) throws IOException, InterruptedException {
        HttpResponse<String> created = submit(file, pipeline);
        JsonNode job = JSON.readTree(created.body());
        if (created.statusCode() != 202) {
            System.err.printf("upload refused (%d %s): %s%n", created.statusCode(), job.path("code").asText(),
                    job.path("detail").asText());
            return 2;
        }
        String id = job.path("id").asText();
        System.out.printf("job %s (%s) submitted: %s%n", id, pipeline, file.getFileName());
        long start = System.nanoTime();
        String lastLine = "";
        while (true) {
            job = getJson("/api/v1/jobs/" + id);
            String line = progressLine(job);
            if (!line.equals(lastLine)) {
                if (System.console() != null) { // a terminal: redraw one line
                    System.out.print("\r" + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
                    System.out.flush();
                } else {
                    System.out.println(line);
                }
                lastLine = line;
            }
            String status = job.path("status").asText();
            if (List.of("COMPLETED", "PARTIAL", "FAILED", "CANCELLED").contains(status)) {
                break;
            }
            Thread.sleep(POLL.toMillis());
        }
        if (System.console() != null) {
            System.out.println();
        }
        System.out.printf("job %s ended %s after %.1f s%n", id, job.path("status").asText(),
                (System.nanoTime() - start) / 1e9);
        for (Iterator<Map.Entry<String, JsonNode>> it = job.path("stages").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            JsonNode st = s.getValue();
            String detail = st.has("error") ? "  " + st.path("error").path("code").asText() + ": "
                    + st.path("error").path("message").asText() : "";
            String engine = st.hasNonNull("engine") ? " [" + st.path("engine").asText() + "]" : "";
            System.out.printf("  %-14s %-10s%s%s%n", s.getKey(), st.path("status").asText(), engine, detail);
            if (st.has("degraded")) {
                System.out.printf("  %-14s degraded: %s%n", "", st.path("degraded").asText());
            }
        }
        Path dir = out != null ? out : Path.of("audiomesh-results", id);
        download(id, dir);
        return "FAILED".equals(job.path("status").asText()) ? 1 : 0;
    }

    private void download(String id, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        JsonNode results = getJson("/api/v1/jobs/" + id + "/results");
        Files.writeString(dir.resolve("results.json"), results.toPrettyString());
        int count = 0;
        for (Iterator<JsonNode> stages = results.path("stages").elements(); stages.hasNext(); ) {
            for (Iterator<JsonNode> files = stages.next().path("files").elements(); files.hasNext(); ) {
                String link = files.next().asText();
                String relative = link.substring(link.indexOf("/files/") + "/files/".length());
                Path target = dir.resolve(relative).normalize();
                if (!target.startsWith(dir)) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                HttpResponse<Path> r = http.send(GatewayRequests.to(URI.create(gateway + link)).build(),
                        HttpResponse.BodyHandlers.ofFile(target));
                if (r.statusCode() == 200) {
                    count++;
                }
            }
        }
        JsonNode analysis = results.path("stages").path("analysis").path("result");
        if (analysis.has("tempo_bpm")) {
            System.out.printf("analysis: tempo %s BPM, time signature %s, %d beats%n",
                    analysis.path("tempo_bpm").asText(), analysis.path("time_signature").asText(),
                    analysis.path("beats").size());
        }
        System.out.printf("results: %s (results.json and %d files)%n", dir.toAbsolutePath(), count);
    }

    private static String progressLine(JsonNode job) {
        StringBuilder b = new StringBuilder(job.path("status").asText()).append("  ");
        for (Iterator<Map.Entry<String, JsonNode>> it = job.path("stages").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            double p = s.getValue().path("progress").asDouble();
            String status = s.getValue().path("status").asText();
            int filled = (int) Math.round(p * 10);
            b.append(s.getKey()).append(" [").append("#".repeat(filled)).append(".".repeat(10 - filled))
                    .append("] ").append(status.equals("RUNNING") ? Math.round(p * 100) + "%" : status).append("  ");
        }
        return b.toString().stripTrailing();
    }

    private JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(GatewayRequests.to(URI.create(gateway + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> submit(Path file, String pipeline) throws IOException, InterruptedException {
        String boundary = "audiomesh-" + UUID.randomUUID();
        String name = file.getFileName().toString().replace("\"", "_");
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"pipeline\"\r\n\r\n" + pipeline
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        long length = head.length + Files.size(file) + tail.length;
        HttpRequest request = GatewayRequests.to(URI.create(gateway + "/api/v1/jobs"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        InputStream body = new SequenceInputStream(new ByteArrayInputStream(head),
                                Files.newInputStream(file));
                        return new SequenceInputStream(body, new ByteArrayInputStream(tail));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }), length))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
