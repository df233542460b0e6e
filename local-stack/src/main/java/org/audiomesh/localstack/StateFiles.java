package org.audiomesh.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The small files a local server leaves in its data directory for {@code ./audiomesh}: the
 * readiness file (written only once clients can connect, removed first on shutdown) and the pid.
 */
final class StateFiles {

    private final Path readyFile;
    private final Path pidFile;

    /** @param name {@code kafka} or {@code redis}; the files are {@code <name>.ready} and {@code <name>.pid} */
    StateFiles(Path dataDirectory, String name) {
        this.readyFile = dataDirectory.resolve(name + ".ready");
        this.pidFile = dataDirectory.resolve(name + ".pid");
    }

    /** Forgets a previous run's readiness and records this process's pid. */
    void starting() {
        deleteQuietly(readyFile);
        writeAtomically(pidFile, Long.toString(ProcessHandle.current().pid()));
    }

    /** Writes {@code address} plus a newline to the readiness file, atomically. */
    void ready(String address) {
        writeAtomically(readyFile, address);
    }

    void stopped() {
        deleteQuietly(readyFile);
        deleteQuietly(pidFile);
    }

    Path readyFile() {
        return readyFile;
    }

    private static void writeAtomically(Path file, String content) {
        try {
            Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(temporary, content + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            System.err.println("Could not delete " + file + ": " + e);
        }
    }
}
