package org.audiomesh.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Gateway settings ({@code audiomesh.gateway.*}); every key is documented in the service README. */
@ConfigMapping(prefix = "audiomesh.gateway")
public interface GatewayConfig {

    /** Largest accepted upload in bytes (enforced while the body streams in). */
    @WithDefault("209715200")
    long maxUploadBytes();

    /** Longest accepted recording. */
    @WithDefault("PT2H")
    Duration maxDuration();

    /** How long a job and its files are kept. */
    @WithDefault("P7D")
    Duration retention();

    /** Job submissions (and deletions) allowed per client per minute; 0 turns the limit off. */
    @WithDefault("30")
    int submitsPerMinute();

    /** Reads allowed per client per minute; 0 turns the limit off. */
    @WithDefault("0")
    int readsPerMinute();

    /** Partitions of each topic the gateway creates at start-up. */
    @WithDefault("3")
    int topicPartitions();
}
