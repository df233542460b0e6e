package org.audiomesh.gateway.maintenance;

import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.common.storage.BlobKey;
import org.audiomesh.common.storage.BlobStore;
import org.audiomesh.common.storage.FileSystemBlobStore;
import org.audiomesh.common.storage.JobIds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the blob store's public interface does not show but cleanup needs: the newest change in a
 * job folder, counting files being written right now (temporary {@code .*.tmp} files, which
 * {@link BlobStore#list} hides), and those temporary files themselves. Filesystem store only; other
 * stores fall back to the listed files.
 */
@ApplicationScoped
public class BlobFolders {
    private final BlobStore blobs;

    public BlobFolders(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** The job folder on disk, when the store is a filesystem. */
    public Optional<Path> jobsRoot() {
        return blobs instanceof FileSystemBlobStore fs ? Optional.of(fs.root().resolve("jobs")) : Optional.empty();
    }

    /** Latest modification of anything in the job's folder (files, temporary files, folders), or null when empty. */
    public Instant newestChange(String jobId) throws IOException {
        Optional<Path> root = jobsRoot();
        Instant newest = null;
        if (root.isPresent()) {
            Path dir = root.get().resolve(JobIds.requireValid(jobId));
            if (!Files.exists(dir)) {
                return null;
            }
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    Instant t = lastModified(p);
                    if (t != null && (newest == null || t.isAfter(newest))) {
                        newest = t;
                    }
                }
            }
            return newest;
        }
        for (BlobKey key : blobs.list(jobId)) {
            Instant t = lastModified(blobs.localFile(key));
            if (t != null && (newest == null || t.isAfter(newest))) {
                newest = t;
            }
        }
        return newest;
    }

    /** Temporary files of atomic writes ({@code jobs/{id}/{area}/.*.tmp}) last changed before the instant. */
    public List<Path> staleTempFiles(Instant before, int limit) throws IOException {
        List<Path> stale = new ArrayList<>();
        Optional<Path> root = jobsRoot();
        if (root.isEmpty() || !Files.isDirectory(root.get())) {
            return stale;
        }
        try (Stream<Path> all = Files.walk(root.get(), 3)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (stale.size() >= limit) {
                    break;
                }
                String n = p.getFileName().toString();
                Instant t;
                if (n.startsWith(".") && n.endsWith(".tmp") && Files.isRegularFile(p)
                        && (t = lastModified(p)) != null && t.isBefore(before)) {
                    stale.add(p);
                }
            }
        }
        return stale;
    }

    static Instant lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return null; // removed meanwhile
        }
    }
}
