package org.audiomesh.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code ./audiomesh batch DIR [--pipeline P] [--gateway URL]}: submits every file of a folder as
 * batches ({@code POST /api/v1/batches}, as many as the gateway's batch limits need), shows one
 * progress bar over all files until every job has ended, then prints a table: file, status, code,
 * job id. Exit status 0 when something succeeded, 1 when every file failed, 2 for a usage or
 * request error.
 */
public final class BatchCommand {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FINAL = Set.of("COMPLETED", "PARTIAL", "FAILED", "CANCELLED", "REFUSED");
    private static final int BAR = 30;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String gateway;

    private BatchCommand(String gateway) {
        this.gateway = gateway.endsWith("/") ? gateway.substring(0, gateway.length() - 1) : gateway;
    }

    public static void main(String[] args) throws Exception {
        String gateway = "http://127.0.0.1:8080";
        String pipeline = "karaoke";
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--gateway" -> gateway = value(args, ++i);
                case "--pipeline" -> pipeline = value(args, ++i);
                default -> {
                    if (args[i].startsWith("--") || dir != null) {
                        usage("unexpected argument " + args[i]);
                    }
                    dir = Path.of(args[i]);
                }
            }
        }
        if (dir == null || !Files.isDirectory(dir)) {
            usage(dir == null ? "no folder given" : "no such folder: " + dir);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        if (files.isEmpty()) {
            usage("no files in " + dir);
        }
        System.exit(new BatchCommand(gateway).run(files, pipeline));
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage("missing value for " + args[i - 1]);
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("audiomesh batch: " + problem);
        System.err.println("usage: ./audiomesh batch DIR [--pipeline karaoke|speech|analysis|separation|"
                + "transcription|enhancement]");
        System.exit(2);
    }

    int run(List<Path> files, String pipeline) throws IOException, InterruptedException {
        JsonNode limits = JSON.readTree(get("/api/v1/limits"));
        int maxFiles = Math.max(1, limits.path("batch").path("maxFiles").asInt(20));
        long maxBytes = limits.path("batch").path("maxBytes").asLong(200L << 20) - (64 << 10);
        List<String> batchIds = new ArrayList<>();
        List<Path> chunk = new ArrayList<>();
        long chunkBytes = 0;
        for (Path f : files) {
            long size = Files.size(f);
            if (!chunk.isEmpty() && (chunk.size() == maxFiles || chunkBytes + size > maxBytes)) {
                batchIds.add(submit(chunk, pipeline));
                chunk = new ArrayList<>();
                chunkBytes = 0;
            }
            chunk.add(f);
            chunkBytes += size;
        }
        batchIds.add(submit(chunk, pipeline));
        System.out.printf("%d files in %d batch%s, pipeline %s%n", files.size(), batchIds.size(),
                batchIds.size() == 1 ? "" : "es", pipeline);

        boolean tty = System.console() != null;
        String lastLine = "";
        List<JsonNode> rows;
        while (true) {
            rows = new ArrayList<>();
            for (String id : batchIds) {
                JSON.readTree(get("/api/v1/batches/" + id)).path("files").forEach(rows::add);
            }
            long done = rows.stream().filter(r -> FINAL.contains(r.path("status").asText())).count();
            long failed = rows.stream().filter(r -> Set.of("FAILED", "REFUSED", "CANCELLED")
                    .contains(r.path("status").asText())).count();
            int filled = (int) (BAR * done / rows.size());
            String line = String.format("[%s%s] %d/%d files ended, %d failed", "#".repeat(filled),
                    ".".repeat(BAR - filled), done, rows.size(), failed);
            if (tty) {
                System.out.print("\r" + line);
            } else if (!line.equals(lastLine)) {
                System.out.println(line);
            }
            lastLine = line;
            if (done == rows.size()) {
                break;
            }
            Thread.sleep(500);
        }
        if (tty) {
            System.out.println();
        }
        printTable(rows);
        boolean anySucceeded = rows.stream().anyMatch(r -> Set.of("COMPLETED", "PARTIAL")
                .contains(r.path("status").asText()));
        return anySucceeded ? 0 : 1;
    }

    private static void printTable(List<JsonNode> rows) {
        int w = Math.max(4, rows.stream().mapToInt(r -> r.path("fileName").asText().length()).max().orElse(4));
        w = Math.min(w, 48);
        String fmt = "%-" + w + "s  %-9s  %-22s  %s%n";
        System.out.printf(fmt, "file", "status", "code", "job");
        for (JsonNode r : rows) {
            String name = r.path("fileName").asText();
            if (name.length() > w) {
                name = name.substring(0, w - 1) + "…";
            }
            System.out.printf(fmt, name, r.path("status").asText(), r.path("code").asText("-"),
                    r.path("jobId").isTextual() ? r.path("jobId").asText() : "-");
        }
    }

    private String submit(List<Path> files, String pipeline) throws IOException, InterruptedException {
        String boundary = "audiomesh-" + UUID.randomUUID();
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        parts.add(text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"pipeline\"\r\n\r\n" + pipeline
                + "\r\n"));
        for (Path f : files) {
            String name = f.getFileName().toString().replace("\"", "'");
            parts.add(text("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + name
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
            parts.add(HttpRequest.BodyPublishers.ofFile(f));
            parts.add(text("\r\n"));
        }
        parts.add(text("--" + boundary + "--\r\n"));
        HttpRequest req = GatewayRequests.to(URI.create(gateway + "/api/v1/batches"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new))).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        if (r.statusCode() != 202) {
            System.err.printf("batch refused (%d %s): %s%n", r.statusCode(), body.path("code").asText(),
                    body.path("detail").asText());
            System.exit(2);
        }
        return body.path("batchId").asText();
    }

    private static HttpRequest.BodyPublisher text(String s) {
        return HttpRequest.BodyPublishers.ofByteArray(s.getBytes(StandardCharsets.UTF_8));
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(GatewayRequests.to(URI.create(gateway + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            System.err.printf("%nGET %s: %d %s%n", path, r.statusCode(), r.body());
            System.exit(2);
        }
        return r.body();
    }
}
