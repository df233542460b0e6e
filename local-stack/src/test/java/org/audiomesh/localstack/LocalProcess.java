package org.audiomesh.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A local-stack main started as its own JVM, the way {@code ./audiomesh up} starts it. Its output
 * goes to a file rather than a pipe: the JDK drains a pipe when the process exits, and a reader
 * thread racing that drain can lose the last lines.
 */
final class LocalProcess implements AutoCloseable {

    private final Process process;
    private final Path outputFile;

    LocalProcess(Path outputFile, Class<?> mainClass, String... args) throws IOException {
        this.outputFile = outputFile;
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(outputFile.toFile())
                .start();
    }

    /** Waits for a line starting with {@code prefix}; fails with the output so far if the process dies or time runs out. */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean alive = process.isAlive();
            for (String line : output()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            if (!alive) {
                throw new AssertionError("exited with " + process.exitValue() + " before '" + prefix + "':\n" + outputText());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no '" + prefix + "' within " + timeout + ":\n" + outputText());
    }

    /** Sends SIGTERM and returns the exit code. */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not stop within " + timeout + " of SIGTERM:\n" + outputText());
        }
        return process.exitValue();
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + ":\n" + outputText());
        }
        return process.exitValue();
    }

    List<String> output() {
        try {
            return Files.exists(outputFile) ? Files.readAllLines(outputFile, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String outputText() {
        return String.join("\n", output());
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
