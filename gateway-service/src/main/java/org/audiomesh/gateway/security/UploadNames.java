package org.audiomesh.gateway.security;

import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.gateway.rest.ApiProblem;

/**
 * Checks the client's file name, which is kept only as metadata: a name that tries to be a path
 * ({@code ../x.wav}, {@code /etc/passwd}, {@code C:\x.wav}) or carries control characters is
 * refused outright, so no client learns that such names are accepted.
 */
public final class UploadNames {
    public static final int MAX_LENGTH = 255;

    private UploadNames() {
    }

    /** @return the name, trimmed; {@code "upload"} when the client sent none */
    public static String check(String name) {
        if (name == null || name.isBlank()) {
            return "upload";
        }
        String n = name.strip();
        if (n.length() > MAX_LENGTH) {
            throw invalid("the file name is longer than " + MAX_LENGTH + " characters");
        }
        if (n.contains("/") || n.contains("\\") || n.equals("..") || n.startsWith("..")
                || (n.length() > 1 && n.charAt(1) == ':')) {
            throw invalid("the file name must be a plain name, not a path");
        }
        for (int i = 0; i < n.length(); i++) {
            if (Character.isISOControl(n.charAt(i))) {
                throw invalid("the file name contains control characters");
            }
        }
        return n;
    }

    private static ApiProblem invalid(String detail) {
        return new ApiProblem(400, ErrorCode.INVALID_FILE_NAME, detail);
    }
}
