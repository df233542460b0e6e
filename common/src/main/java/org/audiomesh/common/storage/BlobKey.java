package org.audiomesh.common.storage;

import java.net.URI;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The address of one stored file: {@code jobs/{jobId}/{area}/{name}}. Every part is validated,
 * so a key can never name a path outside its job's folder; user file names never become keys.
 *
 * @param jobId a job id (see {@link JobIds})
 * @param area  one of {@link #AREAS}
 * @param name  a plain file name: letters, digits, '.', '_', '-', no leading dot, at most 100 characters
 */
public record BlobKey(String jobId, String area, String name) {

    public static final String SCHEME = "blob";
    public static final Set<String> AREAS = Set.of("input", "stems", "transcription", "enhancement", "analysis", "state");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    public BlobKey {
        JobIds.requireValid(jobId);
        if (area == null || !AREAS.contains(area)) {
            throw new InvalidBlobKeyException("unknown area: " + area);
        }
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw new InvalidBlobKeyException("invalid file name");
        }
    }

    /** {@code area/name}, the path a client uses under {@code /jobs/{id}/files/}. */
    public String relativePath() {
        return area + "/" + name;
    }

    /** {@code blob:jobs/{id}/{area}/{name}}. */
    public URI uri() {
        return URI.create(SCHEME + ":jobs/" + jobId + "/" + relativePath());
    }

    /** Parses a path relative to the job folder, e.g. {@code stems/vocals.wav}. */
    public static BlobKey ofRelative(String jobId, String relativePath) {
        if (relativePath == null) {
            throw new InvalidBlobKeyException("missing path");
        }
        int slash = relativePath.indexOf('/');
        if (slash <= 0 || relativePath.indexOf('/', slash + 1) >= 0) {
            throw new InvalidBlobKeyException("path must be <area>/<file>");
        }
        return new BlobKey(jobId, relativePath.substring(0, slash), relativePath.substring(slash + 1));
    }

    /** Parses a {@code blob:} URI made by {@link #uri()}. */
    public static BlobKey parse(URI uri) {
        if (uri == null || !SCHEME.equals(uri.getScheme()) || uri.getSchemeSpecificPart() == null) {
            throw new InvalidBlobKeyException("not a blob URI: " + uri);
        }
        String[] parts = uri.getSchemeSpecificPart().split("/", -1);
        if (parts.length != 4 || !"jobs".equals(parts[0])) {
            throw new InvalidBlobKeyException("not a job file URI: " + uri);
        }
        return new BlobKey(parts[1], parts[2], parts[3]);
    }

    public static BlobKey parse(String uri) {
        try {
            return parse(URI.create(uri));
        } catch (IllegalArgumentException e) {
            if (e instanceof InvalidBlobKeyException ibe) {
                throw ibe;
            }
            throw new InvalidBlobKeyException("not a blob URI");
        }
    }
}
