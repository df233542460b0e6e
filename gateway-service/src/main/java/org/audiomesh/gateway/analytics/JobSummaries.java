package org.audiomesh.gateway.analytics;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.gateway.config.GatewayConfig;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Durable job summaries in Redis: the string {@code audiomesh:summary:{id}} (JSON) and the sorted
 * set {@code audiomesh:summaries} (ids by end time, for ranges). A summary lives
 * {@code retention + analytics.keep-beyond-jobs}, longer than the job it describes; index entries
 * of expired summaries are trimmed by the retention task and skipped by readers meanwhile.
 */
@ApplicationScoped
public class JobSummaries {
    public static final String INDEX = "audiomesh:summaries";
    /** Summaries read per Redis round trip when walking a range: bounds memory, whatever the range. */
    static final int PAGE = 500;
    private static final Logger LOG = Logger.getLogger(JobSummaries.class);

    private final ValueCommands<String, String> values;
    private final SortedSetCommands<String, String> index;
    private final KeyCommands<String> keys;
    private final ContractJson json;
    private final Duration ttl;

    public JobSummaries(RedisDataSource redis, ContractJson json, GatewayConfig config) {
        this.values = redis.value(String.class);
        this.index = redis.sortedSet(String.class);
        this.keys = redis.key();
        this.json = json;
        this.ttl = config.retention().plus(config.analytics().keepBeyondJobs());
    }

    public static String key(String jobId) {
        return "audiomesh:summary:" + jobId;
    }

    /** How long a summary is kept. */
    public Duration ttl() {
        return ttl;
    }

    /** Stores (or replaces: idempotent for a redelivered final event) the summary of an ended job. */
    public void record(JobSummary s) {
        values.set(key(s.jobId()), json.write(s), new SetArgs().px(ttl));
        index.zadd(INDEX, s.endedAt().toEpochMilli(), s.jobId());
    }

    public Optional<JobSummary> find(String jobId) {
        return Optional.ofNullable(parse(values.get(key(jobId))));
    }

    /**
     * Hands every summary of a job that ended in {@code [from, to)} to the consumer, oldest first,
     * {@value #PAGE} at a time, so no range is ever held in memory whole.
     */
    public void forEachEnded(Instant from, Instant to, Consumer<JobSummary> consumer) {
        ScoreRange<Double> range = new ScoreRange<>((double) from.toEpochMilli(), true, (double) to.toEpochMilli(),
                false);
        for (long offset = 0; ; offset += PAGE) {
            List<String> ids = index.zrangebyscore(INDEX, range, new ZRangeArgs().limit(offset, PAGE));
            if (ids.isEmpty()) {
                return;
            }
            Map<String, String> found = values.mget(ids.stream().map(JobSummaries::key).toArray(String[]::new));
            for (String id : ids) {
                JobSummary s = parse(found.get(key(id)));
                if (s != null) {
                    consumer.accept(s);
                }
            }
            if (ids.size() < PAGE) {
                return;
            }
        }
    }

    /** Drops index entries of summaries that ended before the instant (their keys have expired). */
    public long trimIndexBefore(Instant instant) {
        return index.zremrangebyscore(INDEX, new ScoreRange<>(Double.NEGATIVE_INFINITY, true,
                (double) instant.toEpochMilli(), false));
    }

    /** For tests and repairs: removes one summary. */
    public void delete(String jobId) {
        keys.del(key(jobId));
        index.zrem(INDEX, jobId);
    }

    private JobSummary parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.mapper().readValue(text, JobSummary.class);
        } catch (Exception e) {
            LOG.warnf("skipping an unreadable job summary: %s", e.getMessage());
            return null;
        }
    }
}
