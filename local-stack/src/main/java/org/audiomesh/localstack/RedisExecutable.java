package org.audiomesh.localstack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import redis.embedded.core.ExecutableProvider;

/**
 * Finds a {@code redis-server} to run: the system's, if one is on the {@code PATH}, else the binary
 * shipped in the embedded-redis jar (Redis 6.2 for Linux x86-64/arm64, macOS, Windows).
 *
 * @param path     the executable
 * @param embedded whether it came from the embedded-redis jar
 */
record RedisExecutable(Path path, boolean embedded) {

    static RedisExecutable find(boolean forceEmbedded) throws IOException {
        if (!forceEmbedded) {
            Optional<Path> onPath = onPath("redis-server");
            if (onPath.isPresent()) {
                return new RedisExecutable(onPath.get(), false);
            }
        }
        File extracted = ExecutableProvider.newJarResourceProvider().get();
        return new RedisExecutable(extracted.toPath(), true);
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isBlank()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
