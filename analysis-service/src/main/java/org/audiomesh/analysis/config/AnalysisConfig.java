package org.audiomesh.analysis.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}
