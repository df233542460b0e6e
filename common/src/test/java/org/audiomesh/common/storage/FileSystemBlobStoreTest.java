package org.audiomesh.common.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileSystemBlobStoreTest {
    @TempDir
    Path root;

    @Test
    void writtenFilesAreReadBackListedAndDeletedWithTheirJob() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        String id = JobIds.newId();
        BlobKey input = new BlobKey(id, "input", "source.wav");
        BlobKey vocals = new BlobKey(id, "stems", "vocals.wav");
        assertEquals(4, store.write(input, new java.io.ByteArrayInputStream(new byte[]{1, 2, 3, 4})));
        store.write(vocals, "v".getBytes(StandardCharsets.UTF_8));
        assertTrue(store.exists(input));
        assertEquals(4L, store.size(input).orElseThrow());
        try (InputStream in = store.open(input)) {
            assertArrayEquals(new byte[]{1, 2, 3, 4}, in.readAllBytes());
        }
        assertEquals(List.of(input, vocals), store.list(id));
        assertEquals(List.of(id), store.jobIds());
        assertEquals(root.resolve("jobs").resolve(id).resolve("input/source.wav"), store.localFile(input));
        assertEquals(2, store.deleteJob(id));
        assertFalse(store.exists(input));
        assertTrue(store.list(id).isEmpty());
    }

    @Test
    void failedWriteLeavesNeitherAPartialFileNorATemporaryOne() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        String id = JobIds.newId();
        BlobKey key = new BlobKey(id, "analysis", "analysis.json");
        store.write(key, "old".getBytes(StandardCharsets.UTF_8));
        assertThrows(IOException.class, () -> store.write(key, out -> {
            out.write("half of the new".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(store.localFile(key)), "readers still see the whole old file");
        try (Stream<Path> files = Files.list(root.resolve("jobs").resolve(id).resolve("analysis"))) {
            assertEquals(List.of("analysis.json"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void missingFileIsReportedNotCreated() throws IOException {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        BlobKey key = new BlobKey(JobIds.newId(), "input", "source.wav");
        assertThrows(java.nio.file.NoSuchFileException.class, () -> store.localFile(key));
        assertTrue(store.size(key).isEmpty());
        assertEquals(0, store.deleteJob(key.jobId()));
    }
}
