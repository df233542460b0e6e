package org.audiomesh.common.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removal of the temporary folders engines work in (chunk files, scratch stems). */
public final class ScratchFolders {
    private ScratchFolders() {
    }

    /**
     * Deletes a folder and everything in it; a missing folder or {@code null} is fine.
     *
     * @return null when it is gone, otherwise why it could not be removed (leftover temp files are
     *         never a job's failure, so callers only log this)
     */
    public static String delete(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return null;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return null;
        } catch (IOException | UncheckedIOException e) {
            return e.getMessage();
        }
    }
}
