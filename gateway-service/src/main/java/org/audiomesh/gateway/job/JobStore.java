package org.audiomesh.gateway.job;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import io.quarkus.redis.datasource.sortedset.SortedSetCommands;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.gateway.config.GatewayConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Job state in Redis: the hash {@code audiomesh:job:{id}}, the sorted set {@code audiomesh:jobs}
 * (ids by creation time, for listing and retention) and the pub/sub channel
 * {@code audiomesh:job:{id}:events} that feeds the SSE streams. Every job key carries the
 * retention TTL. Only the gateway writes here.
 */
@ApplicationScoped
public class JobStore {
    public static final String JOBS_INDEX = "audiomesh:jobs";
    /** Jobs not ended yet (score: created, epoch ms): what the stage watchdog looks at. */
    public static final String ACTIVE_INDEX = "audiomesh:jobs:active";

    private final HashCommands<String, String, String> hash;
    private final SortedSetCommands<String, String> index;
    private final KeyCommands<String> keys;
    private final PubSubCommands<String> pubsub;
    private final Duration retention;

    public JobStore(RedisDataSource redis, GatewayConfig config) {
        this.hash = redis.hash(String.class);
        this.index = redis.sortedSet(String.class);
        this.keys = redis.key();
        this.pubsub = redis.pubsub(String.class);
        this.retention = config.retention();
    }

    public static String key(String jobId) {
        return "audiomesh:job:" + jobId;
    }

    public static String channel(String jobId) {
        return "audiomesh:job:" + jobId + ":events";
    }

    public void create(String jobId, Map<String, String> fields, Instant createdAt) {
        hash.hset(key(jobId), fields);
        keys.expire(key(jobId), retention);
        index.zadd(JOBS_INDEX, createdAt.toEpochMilli(), jobId);
        index.zadd(ACTIVE_INDEX, createdAt.toEpochMilli(), jobId);
    }

    /** The job reached its final status: the watchdog no longer looks at it. */
    public void ended(String jobId) {
        index.zrem(ACTIVE_INDEX, jobId);
    }

    /** Ids of jobs that have not ended, oldest first, at most {@code limit}. */
    public List<String> active(int limit) {
        return index.zrange(ACTIVE_INDEX, 0, Math.max(0, limit - 1));
    }

    public Optional<Map<String, String>> find(String jobId) {
        Map<String, String> m = hash.hgetall(key(jobId));
        return m == null || m.isEmpty() ? Optional.empty() : Optional.of(m);
    }

    public void update(String jobId, Map<String, String> fields) {
        if (!fields.isEmpty()) {
            hash.hset(key(jobId), fields);
            keys.expire(key(jobId), retention);
        }
    }

    public void removeFields(String jobId, String... fields) {
        hash.hdel(key(jobId), fields);
    }

    public void delete(String jobId) {
        keys.del(key(jobId));
        index.zrem(JOBS_INDEX, jobId);
        index.zrem(ACTIVE_INDEX, jobId);
    }

    public void publish(String jobId, String message) {
        pubsub.publish(channel(jobId), message);
    }

    /** Job ids, newest first. */
    public List<String> newest(long offset, long count) {
        return index.zrange(JOBS_INDEX, offset, offset + count - 1, new ZRangeArgs().rev());
    }

    public long count() {
        return index.zcard(JOBS_INDEX);
    }

    /** Ids of jobs created before the instant, oldest first, at most {@code limit}. */
    public List<String> createdBefore(Instant instant, int limit) {
        return createdBefore(instant, 0, limit);
    }

    /** One page of the ids of jobs created before the instant, oldest first. */
    public List<String> createdBefore(Instant instant, long offset, int limit) {
        return index.zrangebyscore(JOBS_INDEX,
                new io.quarkus.redis.datasource.sortedset.ScoreRange<>(Double.NEGATIVE_INFINITY, true,
                        (double) instant.toEpochMilli(), false),
                new io.quarkus.redis.datasource.sortedset.ZRangeArgs().limit(offset, limit));
    }

    /** Whether the job id is still listed in the index (its record may have expired meanwhile). */
    public boolean indexed(String jobId) {
        return index.zscore(JOBS_INDEX, jobId).isPresent();
    }

    public boolean exists(String jobId) {
        return keys.exists(key(jobId));
    }
}
