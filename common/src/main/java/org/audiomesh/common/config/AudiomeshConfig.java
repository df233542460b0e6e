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

    /** Limits of the blob store ({@code audiomesh.storage.*}). */
    Storage storage();

    interface Storage {
        /** Largest total size of the data folder in bytes (apparent file sizes); 0 for no quota. */
        @WithDefault("0")
        long quotaBytes();

        /** Free space the data folder's volume must keep, in bytes; 0 for no floor. */
        @WithDefault("0")
        long minFreeBytes();

        /** Largest age of the measured size of the data folder (it is walked at most this often). */
        @WithDefault("PT1S")
        Duration usageRefresh();
    }

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
