package org.audiomesh.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real local stack, started and stopped with the project's own {@code ./audiomesh} script,
 * in its own state folder and on its own ports so a developer's running mesh is left alone.
 */
final class LocalStack {
    // -Daudiomesh.it.{gateway,kafka,redis}-port move the stack, e.g. beside another worktree's run
    static final int GATEWAY_PORT = Integer.getInteger("audiomesh.it.gateway-port", 18080);
    static final int KAFKA_PORT = Integer.getInteger("audiomesh.it.kafka-port", 29092);
    static final int REDIS_PORT = Integer.getInteger("audiomesh.it.redis-port", 26379);

    final Path root = Path.of(System.getProperty("audiomesh.root", "..")).toAbsolutePath().normalize();
    final Path home;
    private final Map<String, String> env;

    LocalStack() {
        this("stack", Map.of());
    }

    /**
     * @param folder state folder under {@code integration-tests/target}
     * @param env    extra environment for every process of the stack (service configuration)
     */
    LocalStack(String folder, Map<String, String> env) {
        this.home = root.resolve("integration-tests/target").resolve(folder);
        this.env = Map.copyOf(env);
    }

    String gateway() {
        return "http://127.0.0.1:" + GATEWAY_PORT;
    }

    String kafkaBootstrap() {
        return "127.0.0.1:" + KAFKA_PORT;
    }

    /** {@code ./audiomesh up --no-build --no-example}: starts whatever is not running. */
    void up() throws IOException, InterruptedException {
        run(List.of("./audiomesh", "up", "--no-build", "--no-example"), 300);
    }

    void down() throws IOException, InterruptedException {
        run(List.of("./audiomesh", "down"), 120);
    }

    /** Kills one process of the stack without warning (SIGKILL). */
    void kill(String name) throws Exception {
        ProcessHandle p = process(name);
        p.destroyForcibly();
        p.onExit().get(30, TimeUnit.SECONDS);
    }

    /** The running process {@code up} started under this name. */
    ProcessHandle process(String name) throws IOException {
        long pid = Long.parseLong(Files.readString(home.resolve("pids/" + name + ".pid")).trim());
        return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(name + " not running"));
    }

    /** Kills the redis-server itself (SIGKILL); its LocalRedis wrapper then exits too. */
    void killRedisServer() throws Exception {
        long pid = Long.parseLong(Files.readString(home.resolve("redis/redis-server.pid")).trim());
        ProcessHandle server = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("redis-server not running"));
        ProcessHandle wrapper = process("redis");
        server.destroyForcibly();
        server.onExit().get(30, TimeUnit.SECONDS);
        wrapper.onExit().get(30, TimeUnit.SECONDS);
    }

    Path dataDir() {
        return home.resolve("data");
    }

    private void run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Files.createDirectories(home);
        Path log = home.resolve("cli.log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> vars = pb.environment();
        vars.put("AUDIOMESH_HOME", home.toString());
        vars.put("AUDIOMESH_PORT", Integer.toString(GATEWAY_PORT));
        vars.put("AUDIOMESH_KAFKA_PORT", Integer.toString(KAFKA_PORT));
        vars.put("AUDIOMESH_REDIS_PORT", Integer.toString(REDIS_PORT));
        vars.put("AUDIOMESH_SUBMITS_PER_MINUTE", "0");
        vars.putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " timed out; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(log));
        }
    }
}
