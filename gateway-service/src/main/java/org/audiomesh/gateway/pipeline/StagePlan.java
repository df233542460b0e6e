package org.audiomesh.gateway.pipeline;

import org.audiomesh.common.contract.Stage;

import java.util.Set;

/**
 * One node of a pipeline graph.
 *
 * @param after  stages that must end (completed or failed) before this one starts
 * @param source where its audio comes from; null means the uploaded recording
 */
public record StagePlan(Stage stage, Set<Stage> after, InputSource source) {

    public static StagePlan first(Stage stage) {
        return new StagePlan(stage, Set.of(), null);
    }

    /**
     * A stage that reads an output of an earlier one, and the uploaded recording (degraded)
     * when that stage failed.
     *
     * @param output          output name (file name) of the earlier stage, e.g. {@code vocals.wav}
     * @param degradedMessage recorded on this stage when it had to fall back
     */
    public record InputSource(Stage from, String output, String degradedMessage) {
    }
}
