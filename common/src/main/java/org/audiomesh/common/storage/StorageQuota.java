package org.audiomesh.common.storage;

import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The space the blob store may use: at most {@code quotaBytes} in its {@code jobs/} folder (apparent
 * file sizes, so a sparse file counts at its full length; the HTTP layer's temporary uploads beside
 * it do not count, so an upload is not counted twice while it is stored), and at least {@code minFreeBytes} left free on the
 * volume. Several processes share the folder, so the usage is measured by walking it, at most once
 * per {@code refresh}; bytes this process wrote since the last walk are added on top. A write that
 * would pass either limit fails with the non-retryable {@link ErrorCode#STORAGE_FULL}.
 * Both limits at 0 turn the checks off.
 */
public final class StorageQuota {
    /** No quota, no free-space floor: nothing is measured. */
    public static final StorageQuota UNLIMITED = new StorageQuota(0, 0, Duration.ZERO);

    private final long quotaBytes;
    private final long minFreeBytes;
    private final long refreshNanos;
    private final Object scanLock = new Object();
    private final AtomicLong writtenSinceScan = new AtomicLong();
    private volatile long scannedBytes = -1;
    private volatile long scannedAt;

    /**
     * @param quotaBytes   largest total size of the store in bytes; 0 for none
     * @param minFreeBytes free space the volume must keep, in bytes; 0 for none
     * @param refresh      how old a measurement of the store's size may be
     */
    public StorageQuota(long quotaBytes, long minFreeBytes, Duration refresh) {
        if (quotaBytes < 0 || minFreeBytes < 0) {
            throw new IllegalArgumentException("storage limits must not be negative");
        }
        this.quotaBytes = quotaBytes;
        this.minFreeBytes = minFreeBytes;
        this.refreshNanos = refresh.toNanos();
    }

    public boolean enabled() {
        return quotaBytes > 0 || minFreeBytes > 0;
    }

    public long quotaBytes() {
        return quotaBytes;
    }

    /**
     * Checks that {@code moreBytes} more fit under {@code root}.
     *
     * @throws ProcessingException {@code STORAGE_FULL} when they do not
     */
    public void check(Path root, long moreBytes) {
        if (quotaBytes > 0) {
            long used = used(root);
            if (used + moreBytes > quotaBytes) {
                throw full("the blob store is full: " + used + " of its quota of " + quotaBytes + " bytes used");
            }
        }
        if (minFreeBytes > 0) {
            long usable;
            try {
                usable = Files.getFileStore(root).getUsableSpace();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (usable - moreBytes < minFreeBytes) {
                throw full("the blob store's volume has " + usable + " bytes free, less than the "
                        + minFreeBytes + " it must keep");
            }
        }
    }

    /** Counts bytes this process wrote, so they weigh before the next walk sees them. */
    public void wrote(long bytes) {
        if (enabled()) {
            writtenSinceScan.addAndGet(bytes);
        }
    }

    /** Bytes used under {@code root}: the last walk (at most {@code refresh} old) plus this process's writes since. */
    public long used(Path root) {
        long now = System.nanoTime();
        if (scannedBytes < 0 || now - scannedAt >= refreshNanos) {
            synchronized (scanLock) {
                if (scannedBytes < 0 || System.nanoTime() - scannedAt >= refreshNanos) {
                    writtenSinceScan.set(0);
                    scannedBytes = walk(root);
                    scannedAt = System.nanoTime();
                }
            }
        }
        return scannedBytes + writtenSinceScan.get();
    }

    private static long walk(Path root) {
        long[] total = new long[1];
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    total[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE; // removed while walking
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total[0];
    }

    static ProcessingException full(String message) {
        return new ProcessingException(ErrorCode.STORAGE_FULL, message, false);
    }
}
