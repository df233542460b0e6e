package org.audiomesh.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs Redis for the local stack as a child process: {@code --data DIR [--port 6379] [--embedded]}.
 *
 * <p>Uses the system {@code redis-server} when one is on the {@code PATH}, otherwise (or with
 * {@code --embedded}) the binary from the embedded-redis jar. Redis listens on 127.0.0.1 only and
 * persists nothing ({@code save ""}, {@code appendonly no}). Once it answers {@code PING} this
 * prints {@code REDIS READY 127.0.0.1:<port>} and writes {@code redis://127.0.0.1:<port>} to
 * {@code DIR/redis.ready}. SIGTERM (or Ctrl-C) removes the readiness file and stops the child.
 */
public final class LocalRedis {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final String HOST = "127.0.0.1";
    /** Returned by {@link #run} when the shutdown hook stopped Redis; the JVM is already exiting. */
    private static final int STOPPED_BY_SIGNAL = -1;

    private LocalRedis() {
    }

    public static void main(String[] args) {
        Path data;
        int port;
        boolean forceEmbedded;
        try {
            CommandLine line = CommandLine.parse(args, Set.of("embedded"));
            String dataArg = line.value("data", "AUDIOMESH_REDIS_DATA", null);
            if (dataArg == null) {
                throw new IllegalArgumentException("--data DIR is required");
            }
            data = Path.of(dataArg).toAbsolutePath();
            port = line.port("port", "AUDIOMESH_REDIS_PORT", 6379);
            forceEmbedded = line.flag("embedded");
        } catch (IllegalArgumentException e) {
            System.err.println("LocalRedis: " + e.getMessage());
            System.err.println("usage: LocalRedis --data DIR [--port 6379] [--embedded]");
            System.exit(2);
            return;
        }
        try {
            int exitCode = run(data, port, forceEmbedded);
            if (exitCode != STOPPED_BY_SIGNAL) {
                System.exit(exitCode);
            }
        } catch (Exception e) {
            System.err.println("LocalRedis: failed: " + e);
            System.exit(1);
        }
    }

    private static int run(Path data, int port, boolean forceEmbedded) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Files.createDirectories(data);
        QuietLogging.to(data.resolve("local-redis.log"));
        if (TcpPorts.inUse(HOST, port)) {
            // Checked first: another server on the port would answer the readiness PING for us,
            // and its state files, if it is ours, must stay.
            System.err.println("LocalRedis: " + HOST + ":" + port + " is already in use");
            return 1;
        }
        StateFiles state = new StateFiles(data, "redis");
        state.starting();

        RedisExecutable executable = RedisExecutable.find(forceEmbedded);
        Path config = writeConfig(data, port);
        Path log = data.resolve("redis.log");
        System.out.println("LocalRedis: starting " + executable.path() + (executable.embedded() ? " (embedded-redis)" : "")
                + " on " + HOST + ":" + port + ", log " + log);
        Process redis = new ProcessBuilder(List.of(executable.path().toString(), config.toString()))
                .directory(data.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            stop(redis, state);
        }, "local-redis-shutdown"));

        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!(redis.isAlive() && RedisPing.answers(HOST, port))) {
            if (stopping.get()) {
                return STOPPED_BY_SIGNAL;
            }
            if (!redis.isAlive()) {
                System.err.println("LocalRedis: redis-server exited with " + redis.exitValue() + "; see " + log);
                return 1;
            }
            if (System.nanoTime() > deadline) {
                System.err.println("LocalRedis: redis-server did not answer PING within " + READY_TIMEOUT.toSeconds() + " s; see " + log);
                return 1;
            }
            Thread.sleep(20);
        }
        String uri = "redis://" + HOST + ":" + port;
        state.ready(uri);
        System.out.println("REDIS READY " + HOST + ":" + port);
        System.out.println("LocalRedis: ready in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
                + " ms; redis-server pid " + redis.pid());

        int exit = redis.waitFor();
        if (stopping.get()) {
            return STOPPED_BY_SIGNAL;
        }
        state.stopped();
        System.err.println("LocalRedis: redis-server exited with " + exit + "; see " + log);
        return exit == 0 ? 0 : 1;
    }

    /** A redis.conf rather than command-line options, so {@code save ""} reads the same to every Redis version. */
    private static Path writeConfig(Path data, int port) throws IOException {
        Path config = data.resolve("redis.conf");
        Files.writeString(config, String.join("\n",
                "# Generated by org.audiomesh.localstack.LocalRedis; rewritten on every start",
                "bind " + HOST,
                "port " + port,
                "save \"\"",
                "appendonly no",
                "daemonize no",
                "dir " + quoted(data),
                "pidfile " + quoted(data.resolve("redis-server.pid")),
                "loglevel notice",
                ""), StandardCharsets.UTF_8);
        return config;
    }

    private static String quoted(Path path) {
        return "\"" + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void stop(Process redis, StateFiles state) {
        state.stopped();
        if (!redis.isAlive()) {
            return;
        }
        redis.destroy();
        try {
            if (!redis.waitFor(10, TimeUnit.SECONDS)) {
                redis.destroyForcibly();
            }
        } catch (InterruptedException e) {
            redis.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        System.out.println("LocalRedis: stopped");
    }
}
