package org.audiomesh.common.error;

/** Stable error codes shared by the API (problem+json {@code code}) and job events. */
public final class ErrorCode {
    private ErrorCode() {
    }

    // input problems (4xx at the gateway, non-retryable in workers)
    public static final String EMPTY_FILE = "EMPTY_FILE";
    public static final String FILE_TOO_LARGE = "FILE_TOO_LARGE";
    public static final String UNSUPPORTED_FORMAT = "UNSUPPORTED_FORMAT";
    public static final String CORRUPT_AUDIO = "CORRUPT_AUDIO";
    public static final String AUDIO_TOO_LONG = "AUDIO_TOO_LONG";
    public static final String DECODER_UNAVAILABLE = "DECODER_UNAVAILABLE";
    public static final String INVALID_REQUEST = "INVALID_REQUEST";
    public static final String MISSING_FILE = "MISSING_FILE";
    public static final String INVALID_FILE_NAME = "INVALID_FILE_NAME";
    public static final String INVALID_PATH = "INVALID_PATH";
    public static final String UNKNOWN_PIPELINE = "UNKNOWN_PIPELINE";
    public static final String INVALID_OPTION = "INVALID_OPTION";
    public static final String JOB_NOT_FOUND = "JOB_NOT_FOUND";
    public static final String FILE_NOT_FOUND = "FILE_NOT_FOUND";
    public static final String RESULTS_NOT_READY = "RESULTS_NOT_READY";
    public static final String RATE_LIMITED = "RATE_LIMITED";
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
    public static final String UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE";
    public static final String LENGTH_REQUIRED = "LENGTH_REQUIRED";
    public static final String REQUEST_TIMEOUT = "REQUEST_TIMEOUT";
    public static final String MALFORMED_MULTIPART = "MALFORMED_MULTIPART";
    public static final String FIELD_TOO_LARGE = "FIELD_TOO_LARGE";
    public static final String API_KEY_REQUIRED = "API_KEY_REQUIRED";
    public static final String INVALID_API_KEY = "INVALID_API_KEY";

    // processing problems (job events)
    public static final String ENGINE_UNAVAILABLE = "ENGINE_UNAVAILABLE";
    public static final String ENGINE_ERROR = "ENGINE_ERROR";
    public static final String STAGE_TIMEOUT = "STAGE_TIMEOUT";
    public static final String CIRCUIT_OPEN = "CIRCUIT_OPEN";
    public static final String OVERLOADED = "OVERLOADED";
    public static final String INPUT_UNAVAILABLE = "INPUT_UNAVAILABLE";
    public static final String STORAGE_ERROR = "STORAGE_ERROR";
    /** The blob store's quota (or its volume's free-space floor) would be passed: 507 at the gateway. */
    public static final String STORAGE_FULL = "STORAGE_FULL";
    public static final String POISON_MESSAGE = "POISON_MESSAGE";
    public static final String UPSTREAM_FAILED = "UPSTREAM_FAILED";
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";
    public static final String SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE";
}
