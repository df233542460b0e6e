package org.audiomesh.common.contract;

/** Every Kafka topic name of the mesh, in one place. Records are keyed by job id. */
public final class Topics {
    private Topics() {
    }

    public static final String PREFIX = "audiomesh.";
    public static final String JOB_EVENTS = "audiomesh.job.events";
    public static final String DLQ_SUFFIX = ".dlq";

    public static String stageTopic(Stage stage) {
        return PREFIX + "stage." + stage.id();
    }

    public static String deadLetterTopic(Stage stage) {
        return stageTopic(stage) + DLQ_SUFFIX;
    }
}
