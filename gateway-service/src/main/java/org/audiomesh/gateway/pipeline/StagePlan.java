package org.audiomesh.gateway.pipeline;

import org.audiomesh.common.contract.Stage;

import java.util.Map;
import java.util.Set;

/**
 * One node of a pipeline graph.
 *
 * @param after  stages that must end (completed or failed) before this one starts
 * @param source   where its audio comes from; null means the uploaded recording
 * @param defaults stage options this pipeline sets unless the client set them
 */
public record StagePlan(Stage stage, Set<Stage> after, InputSource source, Map<String, String> defaults) {

    public StagePlan {
        defaults = defaults == null ? Map.of() : Map.copyOf(defaults);
    }

    public StagePlan(Stage stage, Set<Stage> after, InputSource source) {
        this(stage, after, source, Map.of());
    }

    public static StagePlan first(Stage stage) {
        return new StagePlan(stage, Set.of(), null);
    }

    /** The same stage with option values used when the client sent none. */
    public StagePlan withDefaults(Map<String, String> values) {
        return new StagePlan(stage, after, source, values);
    }

    /**
     * A stage that reads an output of an earlier one, and the uploaded recording (degraded)
     * when that stage failed.
     *
     * @param output          base name of the earlier stage's output file, e.g. {@code vocals} (vocals.wav or vocals.flac)
     * @param degradedMessage recorded on this stage when it had to fall back
     */
    public record InputSource(Stage from, String output, String degradedMessage) {
    }
}
