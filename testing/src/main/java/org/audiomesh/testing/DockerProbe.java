package org.audiomesh.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Answers whether a Docker engine can run test containers, quickly and quietly when there is none.
 *
 * <p>Asking Testcontainers on a machine without Docker walks every discovery strategy and logs
 * each failure, so Testcontainers is asked only when something Docker-like is configured: the
 * {@code DOCKER_HOST} variable, a {@code ~/.testcontainers.properties} file, a known socket, or
 * Windows (named pipe). The system property {@code audiomesh.testing.docker} (or the variable
 * {@code AUDIOMESH_TESTING_DOCKER}) set to {@code false} forces the in-JVM servers everywhere.
 */
final class DockerProbe {

    static final String SWITCH_PROPERTY = "audiomesh.testing.docker";

    private DockerProbe() {
    }

    static boolean dockerAnswers() {
        String setting = System.getProperty(SWITCH_PROPERTY, System.getenv("AUDIOMESH_TESTING_DOCKER"));
        if (setting != null && setting.trim().equalsIgnoreCase("false")) {
            return false;
        }
        if (!dockerLooksConfigured()) {
            return false;
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            // Testcontainers missing from the class path or failing to probe: same as no Docker.
            return false;
        }
    }

    private static boolean dockerLooksConfigured() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return true;
        }
        Path home = Path.of(System.getProperty("user.home", "/"));
        if (Files.exists(home.resolve(".testcontainers.properties"))) {
            return true;
        }
        return candidateSockets(home).stream().anyMatch(Files::exists);
    }

    private static List<Path> candidateSockets(Path home) {
        List<Path> sockets = new ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"),
                Path.of("/run/docker.sock"),
                home.resolve(".docker/run/docker.sock"),
                home.resolve(".docker/desktop/docker.sock"),
                home.resolve(".rd/docker.sock"),
                home.resolve(".colima/default/docker.sock"),
                home.resolve(".colima/docker.sock"),
                home.resolve(".orbstack/run/docker.sock")));
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (runtimeDir != null) {
            sockets.add(Path.of(runtimeDir, "docker.sock"));
            sockets.add(Path.of(runtimeDir, ".docker/run/docker.sock"));
        }
        return sockets;
    }
}
