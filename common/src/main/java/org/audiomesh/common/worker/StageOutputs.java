package org.audiomesh.common.worker;

import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.storage.BlobKey;
import org.audiomesh.common.storage.BlobStore;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a stage's output files atomically into the job's folder for that stage
 * ({@code jobs/{id}/stems/}, {@code .../analysis/}, ...) and remembers their URIs.
 */
public final class StageOutputs {
    private final BlobStore store;
    private final String jobId;
    private final Stage stage;
    private final Map<String, String> written = new LinkedHashMap<>();

    public StageOutputs(BlobStore store, String jobId, Stage stage) {
        this.store = store;
        this.jobId = jobId;
        this.stage = stage;
    }

    /**
     * Writes one output.
     *
     * @param name fixed file name chosen by the engine, e.g. {@code vocals.wav}
     * @return the blob URI of the file
     */
    public String write(String name, BlobStore.ContentWriter writer) throws IOException {
        BlobKey key = new BlobKey(jobId, stage.folder(), name);
        store.write(key, writer);
        String uri = key.uri().toString();
        written.put(name, uri);
        return uri;
    }

    /** Output name (the file name, e.g. {@code vocals.wav}) to URI. */
    public Map<String, String> written() {
        return Map.copyOf(written);
    }
}
