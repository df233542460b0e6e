package org.audiomesh.gateway.maintenance;

import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.gateway.config.GatewayConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code uploads}: removes temporary files older than {@code maintenance.stale-upload-after}: the
 * HTTP layer's upload files ({@code quarkus.http.body.uploads-directory}) left by a crash, and
 * partial writes ({@code .*.tmp}) in job folders. An upload still streaming in keeps changing, so
 * it is never old.
 */
@ApplicationScoped
public class StaleUploadsTask implements MaintenanceTask {
    private final BlobFolders folders;
    private final Path uploads;
    private final Duration staleAfter;

    public StaleUploadsTask(BlobFolders folders, GatewayConfig config,
                            @ConfigProperty(name = "quarkus.http.body.uploads-directory") String uploads) {
        this.folders = folders;
        this.uploads = Path.of(uploads).toAbsolutePath().normalize();
        this.staleAfter = config.maintenance().staleUploadAfter();
    }

    @Override
    public String name() {
        return "uploads";
    }

    @Override
    public List<Removal> find(Instant now) throws IOException {
        Instant before = now.minus(staleAfter);
        List<Removal> due = new ArrayList<>();
        if (Files.isDirectory(uploads)) {
            try (Stream<Path> files = Files.list(uploads)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Instant t = BlobFolders.lastModified(p);
                    if (due.size() < MAX_PER_RUN && Files.isRegularFile(p) && t != null && t.isBefore(before)) {
                        due.add(new Removal("upload", p.getFileName().toString(), "temporary upload last changed " + t));
                    }
                }
            }
        }
        Path jobs = folders.jobsRoot().orElse(null);
        for (Path p : folders.staleTempFiles(before, MAX_PER_RUN - due.size())) {
            due.add(new Removal("partial-write", jobs.relativize(p).toString(),
                    "unfinished write last changed " + BlobFolders.lastModified(p)));
        }
        return due;
    }

    @Override
    public boolean remove(Removal item, Instant now) throws IOException {
        Path file = switch (item.kind()) {
            case "upload" -> uploads.resolve(item.id()).normalize();
            case "partial-write" -> folders.jobsRoot().map(r -> r.resolve(item.id()).normalize()).orElse(null);
            default -> null;
        };
        if (file == null || !(file.startsWith(uploads) || folders.jobsRoot().map(file::startsWith).orElse(false))) {
            return false;
        }
        Instant t = BlobFolders.lastModified(file);
        if (t == null || !t.isBefore(now.minus(staleAfter))) {
            return false; // gone, or written again since it was found
        }
        return Files.deleteIfExists(file);
    }
}
