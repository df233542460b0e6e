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

    /** How long a job and its files are kept (Redis TTL of the job, and the retention cleanup). */
    @WithDefault("P30D")
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

    /**
     * Least rate, in bytes per second, at which a request body must arrive once {@link #bodyGrace()}
     * has passed; a slower client (slow-loris) gets 408 {@code REQUEST_TIMEOUT} and its connection closed.
     */
    @WithDefault("16384")
    long bodyMinBytesPerSecond();

    /** Time every request body gets on top of its length at {@link #bodyMinBytesPerSecond()}. */
    @WithDefault("PT30S")
    Duration bodyGrace();

    /**
     * How long the coordinator keeps trying one job event while Redis is unreachable before it
     * gives the event up (the stage watchdog then ends the stage if nothing else comes).
     */
    @WithDefault("PT30S")
    Duration eventRetry();

    Batch batch();

    Analytics analytics();

    Maintenance maintenance();

    Watchdog watchdog();

    ApiKeys apiKeys();

    /**
     * The stage watchdog ({@code audiomesh.gateway.watchdog.*}): a stage QUEUED or RUNNING with no
     * event for longer than its limit is failed with {@code STAGE_TIMEOUT}, and the job degrades as
     * after any stage failure.
     */
    interface Watchdog {
        /** How often the watchdog looks (a Quarkus {@code every} value, e.g. {@code 30s}); {@code off} disables it. */
        @WithDefault("30s")
        String interval();

        /** Fixed part of a RUNNING stage's limit of silence. */
        @WithDefault("PT5M")
        Duration stageTimeoutBase();

        /** Extra silence allowed per second of input audio. */
        @WithDefault("5")
        double stageTimeoutPerAudioSecond();

        /** Upper bound of a RUNNING stage's limit whatever the duration. */
        @WithDefault("PT6H")
        Duration stageTimeoutMax();

        /** Longest time a stage may wait QUEUED (its request never picked up); 0 turns this check off. */
        @WithDefault("PT2H")
        Duration queuedTimeout();
    }

    /**
     * Optional API keys ({@code audiomesh.gateway.api-keys.*}): when enabled every {@code /api} route
     * needs a key ({@code X-Api-Key} or {@code Authorization: Bearer}), and rate limits count per key.
     */
    interface ApiKeys {
        @WithDefault("false")
        boolean enabled();

        /**
         * Comma-separated {@code name:secret[:submits-per-minute[:reads-per-minute]]}; a limit left out
         * (or empty) is the gateway-wide one, 0 is unlimited. Secrets: at least 16 characters of
         * {@code A-Z a-z 0-9 . _ ~ + / = -}. Set it from a Secret (env {@code AUDIOMESH_API_KEYS}).
         */
        java.util.Optional<String> keys();
    }

    /** Batch submissions ({@code audiomesh.gateway.batch.*}). */
    interface Batch {
        /** Most files in one batch. */
        @WithDefault("20")
        int maxFiles();

        /** Largest batch request body in bytes (all files together; also bounded by max-body-size). */
        @WithDefault("209715200")
        long maxBytes();
    }

    /** Job summaries and reports ({@code audiomesh.gateway.analytics.*}). */
    interface Analytics {
        /** How much longer than the job itself a job summary (and a daily report) is kept. */
        @WithDefault("P60D")
        Duration keepBeyondJobs();

        /** When yesterday's (UTC) daily report is built; Quartz cron, UTC; {@code off} disables. */
        @WithDefault("0 15 0 * * ?")
        String dailyReportCron();
    }

    /** Scheduled maintenance ({@code audiomesh.gateway.maintenance.*}); every cron is Quartz syntax in UTC. */
    interface Maintenance {
        /** Scheduled runs only log and count what they would remove. */
        @WithDefault("false")
        boolean dryRun();

        /** Expiry of a task's lock in Redis: a crashed replica's lock frees itself after this. */
        @WithDefault("PT15M")
        Duration lockTtl();

        /** Failed (or cancelled) jobs are removed this long after they ended. */
        @WithDefault("PT24H")
        Duration failedAfter();

        /** Queued or running jobs without any update for this long are abandoned and removed. */
        @WithDefault("PT24H")
        Duration abandonedAfter();

        /** Job folders without a job record are removed once their newest file is this old. */
        @WithDefault("PT1H")
        Duration orphanGrace();

        /** Temporary upload and partial-write files older than this are removed. */
        @WithDefault("PT1H")
        Duration staleUploadAfter();

        @WithDefault("0 30 3 * * ?")
        String retentionCron();

        @WithDefault("0 10 * * * ?")
        String failedJobsCron();

        @WithDefault("0 40 3 * * ?")
        String orphansCron();

        @WithDefault("0 */15 * * * ?")
        String uploadsCron();

        @WithDefault("0 0 * * * ?")
        String healthCron();

        /**
         * Stage services whose readiness (engine, circuit breaker) the health snapshot records,
         * as comma-separated {@code name=baseUrl}; empty for none. The default (the local stack's
         * ports) is in application.properties.
         */
        java.util.Optional<String> workers();
    }
}
