package org.audiomesh.gateway.rest;

/**
 * Problem codes only the gateway's batch, report, export and maintenance endpoints raise (the
 * codes shared with the stage services are in {@code org.audiomesh.common.error.ErrorCode}).
 */
public final class ApiCodes {
    private ApiCodes() {
    }

    /** 400: a batch without any file in the field {@code files}. */
    public static final String EMPTY_BATCH = "EMPTY_BATCH";
    /** 400: more files than {@code audiomesh.gateway.batch.max-files}. */
    public static final String TOO_MANY_FILES = "TOO_MANY_FILES";
    /** 404: no batch with this id (never created, or expired). */
    public static final String BATCH_NOT_FOUND = "BATCH_NOT_FOUND";
    /** 400: a date or date-time that is not ISO-8601, or missing. */
    public static final String INVALID_DATE = "INVALID_DATE";
    /** 400: {@code from} after {@code to}. */
    public static final String INVALID_RANGE = "INVALID_RANGE";
    /** 400: an export format other than csv or json. */
    public static final String UNSUPPORTED_EXPORT_FORMAT = "UNSUPPORTED_EXPORT_FORMAT";
    /** 404: a daily report for today or a future day (not complete yet). */
    public static final String REPORT_NOT_READY = "REPORT_NOT_READY";
    /** 404: an unknown maintenance task. */
    public static final String UNKNOWN_TASK = "UNKNOWN_TASK";
    /** 400: a dryRun value other than true or false. */
    public static final String INVALID_DRY_RUN = "INVALID_DRY_RUN";
    /** 409: the task runs right now (on this or another replica); retry later. */
    public static final String TASK_RUNNING = "TASK_RUNNING";
}
