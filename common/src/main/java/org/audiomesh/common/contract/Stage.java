package org.audiomesh.common.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** A processing stage: one Kafka topic, one service, one folder of outputs per job. */
public enum Stage {
    SEPARATION("stems"),
    TRANSCRIPTION("transcription"),
    ENHANCEMENT("enhancement"),
    ANALYSIS("analysis");

    private final String folder;

    Stage(String folder) {
        this.folder = folder;
    }

    /** Lower-case name used in JSON, topics, Redis field prefixes and configuration. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Folder under {@code jobs/{id}/} that holds this stage's outputs. */
    public String folder() {
        return folder;
    }

    public String topic() {
        return Topics.stageTopic(this);
    }

    public String deadLetterTopic() {
        return Topics.deadLetterTopic(this);
    }

    /** @throws IllegalArgumentException for an unknown name */
    @JsonCreator
    public static Stage fromId(String id) {
        if (id != null) {
            for (Stage s : values()) {
                if (s.id().equals(id.toLowerCase(Locale.ROOT))) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("unknown stage: " + id);
    }
}
