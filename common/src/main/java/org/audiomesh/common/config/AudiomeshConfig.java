package org.audiomesh.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** Settings every audiomesh service shares ({@code audiomesh.*}). */
@ConfigMapping(prefix = "audiomesh")
public interface AudiomeshConfig {

    /** Root of the blob store (env {@code AUDIOMESH_DATA_DIR}); a shared volume in Kubernetes. */
    @WithName("data-dir")
    @WithDefault("data")
    String dataDir();

    /** Stage-worker settings (used by the four stage services). */
    Worker worker();

    interface Worker {
        /** Fixed part of a stage's time budget. */
        @WithDefault("PT60S")
        Duration timeoutBase();

        /** Extra budget per second of input audio (a factor of the audio duration). */
        @WithDefault("5")
        double timeoutPerAudioSecond();

        /** Upper bound of a stage's time budget whatever the duration. */
        @WithDefault("PT4H")
        Duration timeoutMax();

        /** Least time between two PROGRESS events of one stage. */
        @WithDefault("PT0.5S")
        Duration progressInterval();
    }
}
