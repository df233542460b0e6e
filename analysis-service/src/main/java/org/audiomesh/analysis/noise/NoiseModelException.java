package org.audiomesh.analysis.noise;

import java.util.List;
import java.util.Map;

/**
 * A noise-classifier model or its training data cannot be used: a stable {@code code}, the HTTP
 * status it maps to (always 4xx for what the caller supplied), and, where they help, the files or
 * classes at fault.
 */
public class NoiseModelException extends RuntimeException {

    // training data
    public static final String TRAINING_DATA_NOT_FOUND = "TRAINING_DATA_NOT_FOUND";
    public static final String TOO_FEW_CLASSES = "TOO_FEW_CLASSES";
    public static final String INVALID_CLASS_NAME = "INVALID_CLASS_NAME";
    public static final String TOO_LITTLE_TRAINING_DATA = "TOO_LITTLE_TRAINING_DATA";
    public static final String UNREADABLE_TRAINING_FILES = "UNREADABLE_TRAINING_FILES";
    public static final String TRAINING_IN_PROGRESS = "TRAINING_IN_PROGRESS";
    public static final String TRAINING_JOB_NOT_FOUND = "TRAINING_JOB_NOT_FOUND";
    // model validation (the gate before a model is used)
    public static final String MODEL_INVALID = "MODEL_INVALID";
    public static final String MODEL_INCOMPATIBLE = "MODEL_INCOMPATIBLE";
    public static final String MODEL_CORRUPT = "MODEL_CORRUPT";
    public static final String MODEL_NOT_BETTER = "MODEL_NOT_BETTER";

    private final String code;
    private final int status;
    private final List<String> files;
    private final Map<String, Integer> classes;

    public NoiseModelException(String code, int status, String message) {
        this(code, status, message, List.of(), Map.of(), null);
    }

    public NoiseModelException(String code, int status, String message, List<String> files,
            Map<String, Integer> classes, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.status = status;
        this.files = List.copyOf(files);
        this.classes = Map.copyOf(classes);
    }

    public String code() {
        return code;
    }

    /** HTTP status: 404 for an unknown job, 409 for a conflict, 422 for unusable data or models. */
    public int status() {
        return status;
    }

    /** Names of the files at fault (relative to the data folder), if any. */
    public List<String> files() {
        return files;
    }

    /** Clip count of each class at fault, if any. */
    public Map<String, Integer> classes() {
        return classes;
    }
}
