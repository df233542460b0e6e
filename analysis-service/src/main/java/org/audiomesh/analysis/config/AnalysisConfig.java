package org.audiomesh.analysis.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Settings of the analysis service ({@code audiomesh.analysis.*}); defaults in application.properties. */
@ConfigMapping(prefix = "audiomesh.analysis")
public interface AnalysisConfig {

    /** {@code auto} or {@code beat-dp}: the built-in engine (the only one so far). */
    @WithDefault("auto")
    String engine();

    /**
     * Centre of the tempo prior, BPM: where the analysis expects the beat when the music allows
     * several metrical levels (120 suits most popular music).
     */
    @WithDefault("120")
    double tempoPriorBpm();

    /** The background-noise classifier ({@code audiomesh.analysis.noise.*}). */
    Noise noise();

    interface Noise {
        /** Classify the background noise on every analysis ({@code noise} in the result). */
        @WithDefault("true")
        boolean enabled();

        /**
         * Folder of trained models (one sub-folder per training run) and of the {@code current}
         * pointer to the promoted one; default {@code <audiomesh.data-dir>/models/noise-classifier}.
         */
        Optional<String> modelsDir();

        /**
         * The only folder the training endpoint reads from (training data must lie inside it);
         * default {@code <audiomesh.data-dir>/training}.
         */
        Optional<String> trainingRoot();

        /** Share of the windows, the quietest, whose mean class probabilities name the background, (0, 1]. */
        @WithDefault("0.25")
        double backgroundShare();

        /** Least clips per class a training folder must hold (at least 2). */
        @WithDefault("5")
        int minClipsPerClass();

        /** Share of each class's clips held out of training to measure the accuracy. */
        @WithDefault("0.2")
        double heldOutFraction();

        /** Seed of the held-out split and of the trees. */
        @WithDefault("42")
        long seed();

        /** Trees in the ensemble. */
        @WithDefault("40")
        int trees();

        /** Deepest split of a tree. */
        @WithDefault("14")
        int maxDepth();

        /** Held-out accuracy a new model may lose against the model in service and still replace it. */
        @WithDefault("0.0")
        double accuracyTolerance();
    }
}
