package org.audiomesh.common.storage;

import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StorageQuotaTest {
    @TempDir
    Path root;

    @Test
    void writePastTheQuotaIsStorageFullAndLeavesNoFileBehind() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(root, new StorageQuota(3_000_000, 0, Duration.ZERO));
        String id = JobIds.newId();
        store.write(new BlobKey(id, "input", "a.wav"), new byte[1_000_000]);
        BlobKey big = new BlobKey(id, "stems", "vocals.wav");
        ProcessingException e = assertThrows(ProcessingException.class, () -> store.write(big, new byte[2_500_000]));
        assertEquals(ErrorCode.STORAGE_FULL, e.code());
        assertFalse(e.retryable());
        assertFalse(store.exists(big));
        try (Stream<Path> files = Files.walk(root)) {
            assertEquals(1, files.filter(Files::isRegularFile).count(), "no temporary file left");
        }
        store.write(new BlobKey(id, "analysis", "analysis.json"), new byte[1000]); // what fits still goes in
    }

    @Test
    void aSparseFillerCountsAtItsFullLengthSoTheQuotaIsTestableWithoutFillingTheDisk() throws IOException {
        StorageQuota quota = new StorageQuota(1L << 30, 0, Duration.ofHours(1));
        FileSystemBlobStore store = new FileSystemBlobStore(root, quota);
        try (RandomAccessFile filler = new RandomAccessFile(root.resolve("jobs/filler.bin").toFile(), "rw")) {
            filler.setLength(1L << 30); // 1 GiB apparent, no blocks
        }
        ProcessingException e = assertThrows(ProcessingException.class,
                () -> store.write(new BlobKey(JobIds.newId(), "input", "a.wav"), new byte[10]));
        assertEquals(ErrorCode.STORAGE_FULL, e.code());
        assertTrue(e.getMessage().contains("quota"), e.getMessage());
    }

    @Test
    void writesOfThisProcessCountBeforeTheNextWalk() throws IOException {
        StorageQuota quota = new StorageQuota(2_000_000, 0, Duration.ofHours(1));
        FileSystemBlobStore store = new FileSystemBlobStore(root, quota);
        String id = JobIds.newId();
        store.write(new BlobKey(id, "input", "a.wav"), new byte[1_500_000]);
        assertEquals(1_500_000, quota.used(root.resolve("jobs")));
        assertThrows(ProcessingException.class, () -> store.write(new BlobKey(id, "stems", "b.wav"), new byte[600_000]));
        assertEquals(1_500_000, quota.used(root.resolve("jobs")), "a refused write gives its bytes back");
    }

    @Test
    void aFreeSpaceFloorAboveTheVolumeIsStorageFull() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(root, new StorageQuota(0, Long.MAX_VALUE / 2, Duration.ZERO));
        ProcessingException e = assertThrows(ProcessingException.class,
                () -> store.write(new BlobKey(JobIds.newId(), "input", "a.wav"), new byte[10]));
        assertEquals(ErrorCode.STORAGE_FULL, e.code());
    }
}
