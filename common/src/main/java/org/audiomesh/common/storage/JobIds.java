package org.audiomesh.common.storage;

import java.util.UUID;
import java.util.regex.Pattern;

/** Job ids are random UUIDs in lower-case canonical form; nothing else is accepted as an id. */
public final class JobIds {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private JobIds() {
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static String requireValid(String id) {
        if (!isValid(id)) {
            throw new InvalidBlobKeyException("invalid job id");
        }
        return id;
    }
}
