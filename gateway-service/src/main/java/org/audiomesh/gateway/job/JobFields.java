package org.audiomesh.gateway.job;

import org.audiomesh.common.contract.Stage;

/**
 * Field names of the Redis job hash {@code audiomesh:job:{id}} (ARCHITECTURE §3). Per-stage
 * fields are {@code {stage}_status}, {@code {stage}_progress}, ...; the analysis stage also keeps
 * the flat {@code beat_analysis_*} fields of the karaoke backend's status.
 */
public final class JobFields {
    private JobFields() {
    }

    public static final String STATUS = "status";
    public static final String PIPELINE = "pipeline";
    public static final String CREATED_AT = "created_at";
    public static final String UPDATED_AT = "updated_at";
    public static final String COMPLETED_AT = "completed_at";
    public static final String OPTIONS = "options";
    public static final String INPUT_FILENAME = "input_filename";
    public static final String INPUT_URI = "input_uri";
    public static final String INPUT_CONTENT_TYPE = "input_content_type";
    public static final String INPUT_FORMAT = "input_format";
    public static final String INPUT_SIZE_BYTES = "input_size_bytes";
    public static final String INPUT_DURATION_S = "input_duration_s";
    public static final String INPUT_SAMPLE_RATE = "input_sample_rate";
    public static final String INPUT_CHANNELS = "input_channels";

    public static final String BEAT_ANALYSIS_PREFIX = "beat_analysis_";

    public static String status(Stage s) {
        return s.id() + "_status";
    }

    public static String progress(Stage s) {
        return s.id() + "_progress";
    }

    public static String engine(Stage s) {
        return s.id() + "_engine";
    }

    public static String startedAt(Stage s) {
        return s.id() + "_started_at";
    }

    public static String completedAt(Stage s) {
        return s.id() + "_completed_at";
    }

    public static String error(Stage s) {
        return s.id() + "_error";
    }

    public static String result(Stage s) {
        return s.id() + "_result";
    }

    public static String outputs(Stage s) {
        return s.id() + "_outputs";
    }

    public static String attempts(Stage s) {
        return s.id() + "_attempts";
    }

    public static String degraded(Stage s) {
        return s.id() + "_degraded";
    }

    /** When the stage last changed: dispatched, or any event of its worker (what the watchdog measures). */
    public static String eventAt(Stage s) {
        return s.id() + "_event_at";
    }

    public static String inputUri(Stage s) {
        return s.id() + "_input_uri";
    }
}
