package org.audiomesh.common.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where job files live. Writes are atomic: a reader sees the whole file or none of it.
 * The filesystem implementation is the default; an object store is the scale-out path.
 */
public interface BlobStore {

    /** Streams {@code content} into the key, atomically; returns the bytes written. */
    long write(BlobKey key, InputStream content) throws IOException;

    /** Writes through a callback that fills an output stream, atomically. */
    void write(BlobKey key, ContentWriter writer) throws IOException;

    /** Writes small content at once, atomically. */
    default void write(BlobKey key, byte[] content) throws IOException {
        write(key, out -> out.write(content));
    }

    InputStream open(BlobKey key) throws IOException;

    boolean exists(BlobKey key);

    /** Size in bytes, empty when absent. */
    Optional<Long> size(BlobKey key);

    /**
     * A local file holding the blob, for tools that need a path (ffmpeg). For the filesystem
     * store this is the stored file itself; never write to it.
     */
    Path localFile(BlobKey key) throws IOException;

    /** Every file of a job, in a stable order. */
    List<BlobKey> list(String jobId) throws IOException;

    /** Deletes every file of a job; returns the number of files removed. */
    int deleteJob(String jobId) throws IOException;

    /** Ids of jobs that have files. */
    List<String> jobIds() throws IOException;

    @FunctionalInterface
    interface ContentWriter {
        void writeTo(OutputStream out) throws IOException;
    }
}
