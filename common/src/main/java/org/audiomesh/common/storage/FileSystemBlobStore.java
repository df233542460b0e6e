package org.audiomesh.common.storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Blob store on a (shared) filesystem rooted at a data folder: {@code <root>/jobs/{id}/{area}/{name}}.
 * Atomic writes go to a temporary file in the same folder and are renamed into place. A
 * {@link StorageQuota} bounds what it may hold: a write that would pass it fails with
 * {@code STORAGE_FULL} (before it starts, or as soon as it crosses the limit) and leaves nothing behind.
 */
public final class FileSystemBlobStore implements BlobStore {
    private final Path root;
    private final Path jobsRoot;
    private final StorageQuota quota;

    public FileSystemBlobStore(Path root) throws IOException {
        this(root, StorageQuota.UNLIMITED);
    }

    public FileSystemBlobStore(Path root, StorageQuota quota) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.jobsRoot = this.root.resolve("jobs");
        this.quota = quota;
        Files.createDirectories(jobsRoot);
    }

    public Path root() {
        return root;
    }

    private Path pathOf(BlobKey key) {
        Path p = jobsRoot.resolve(key.jobId()).resolve(key.area()).resolve(key.name()).normalize();
        if (!p.startsWith(jobsRoot.resolve(key.jobId()))) {
            throw new InvalidBlobKeyException("path escapes the job folder");
        }
        return p;
    }

    @Override
    public long write(BlobKey key, InputStream content) throws IOException {
        long[] written = new long[1];
        write(key, out -> written[0] = content.transferTo(out));
        return written[0];
    }

    @Override
    public void write(BlobKey key, ContentWriter writer) throws IOException {
        Path target = pathOf(key);
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + key.name() + "." + UUID.randomUUID() + ".tmp");
        try {
            if (quota.enabled()) {
                quota.check(jobsRoot, 0);
                QuotaOutputStream counted = new QuotaOutputStream(Files.newOutputStream(tmp));
                try (OutputStream out = new BufferedOutputStream(counted, 1 << 16)) {
                    writer.writeTo(out);
                } catch (RuntimeException | IOException e) {
                    quota.wrote(-counted.total); // the temporary file goes
                    throw e;
                }
            } else {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                    writer.writeTo(out);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Counts the bytes of one write against the quota, checking it every 1 MiB and at the end. */
    private final class QuotaOutputStream extends java.io.FilterOutputStream {
        private static final long CHECK_EVERY = 1 << 20;
        private long unchecked;
        private long total;

        QuotaOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            counted(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            counted(len);
        }

        private void counted(long n) {
            quota.wrote(n);
            total += n;
            unchecked += n;
            if (unchecked >= CHECK_EVERY) {
                unchecked = 0;
                quota.check(jobsRoot, 0);
            }
        }

        @Override
        public void close() throws IOException {
            super.close();
            quota.check(jobsRoot, 0);
        }
    }

    @Override
    public InputStream open(BlobKey key) throws IOException {
        return Files.newInputStream(pathOf(key));
    }

    @Override
    public boolean exists(BlobKey key) {
        return Files.isRegularFile(pathOf(key));
    }

    @Override
    public Optional<Long> size(BlobKey key) {
        try {
            return Optional.of(Files.size(pathOf(key)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Path localFile(BlobKey key) throws IOException {
        Path p = pathOf(key);
        if (!Files.isRegularFile(p)) {
            throw new NoSuchFileException(key.relativePath());
        }
        return p;
    }

    @Override
    public List<BlobKey> list(String jobId) throws IOException {
        Path dir = jobsRoot.resolve(JobIds.requireValid(jobId));
        List<BlobKey> keys = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return keys;
        }
        for (String area : BlobKey.AREAS.stream().sorted().toList()) {
            Path areaDir = dir.resolve(area);
            if (!Files.isDirectory(areaDir)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(areaDir)) {
                List<String> names = new ArrayList<>();
                for (Path f : files) {
                    String n = f.getFileName().toString();
                    if (!n.startsWith(".") && Files.isRegularFile(f)) {
                        names.add(n);
                    }
                }
                names.stream().sorted().forEach(n -> keys.add(new BlobKey(jobId, area, n)));
            }
        }
        return keys;
    }

    @Override
    public int deleteJob(String jobId) throws IOException {
        Path dir = jobsRoot.resolve(JobIds.requireValid(jobId));
        if (!Files.exists(dir)) {
            return 0;
        }
        int[] count = new int[1];
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                count[0]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
        return count[0];
    }

    @Override
    public List<String> jobIds() throws IOException {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(jobsRoot)) {
            for (Path d : dirs) {
                String n = d.getFileName().toString();
                if (JobIds.isValid(n) && Files.isDirectory(d)) {
                    ids.add(n);
                }
            }
        }
        return ids;
    }
}
