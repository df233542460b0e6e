package org.audiomesh.gateway.batch;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.redis.datasource.keys.KeyCommands;
import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.gateway.config.GatewayConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Batches in Redis: the hash {@code audiomesh:batch:{id}} with {@code created_at}, {@code pipeline},
 * {@code options} (JSON), {@code count} and one field {@code file:{index}} per file (a
 * {@link BatchEntry} as JSON). Job states are not copied here: a batch's status is read from its
 * jobs. The key carries the job retention TTL.
 */
@ApplicationScoped
public class BatchStore {
    private final HashCommands<String, String, String> hash;
    private final KeyCommands<String> keys;
    private final ContractJson json;
    private final Duration retention;

    public BatchStore(RedisDataSource redis, ContractJson json, GatewayConfig config) {
        this.hash = redis.hash(String.class);
        this.keys = redis.key();
        this.json = json;
        this.retention = config.retention();
    }

    public static String key(String batchId) {
        return "audiomesh:batch:" + batchId;
    }

    /** A stored batch. */
    public record Batch(String id, Instant createdAt, String pipeline, Map<String, String> options,
                        List<BatchEntry> entries) {
    }

    public void create(Batch b) {
        Map<String, String> f = new HashMap<>();
        f.put("created_at", b.createdAt().toString());
        f.put("pipeline", b.pipeline());
        f.put("options", json.write(b.options()));
        f.put("count", Integer.toString(b.entries().size()));
        for (BatchEntry e : b.entries()) {
            f.put("file:" + e.index(), json.write(e));
        }
        hash.hset(key(b.id()), f);
        keys.expire(key(b.id()), retention);
    }

    public Optional<Batch> find(String batchId) {
        Map<String, String> f = hash.hgetall(key(batchId));
        if (f == null || f.isEmpty()) {
            return Optional.empty();
        }
        try {
            int count = Integer.parseInt(f.getOrDefault("count", "0"));
            List<BatchEntry> entries = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                entries.add(json.mapper().readValue(f.get("file:" + i), BatchEntry.class));
            }
            @SuppressWarnings("unchecked")
            Map<String, String> options = json.mapper().readValue(f.getOrDefault("options", "{}"), Map.class);
            return Optional.of(new Batch(batchId, Instant.parse(f.get("created_at")), f.get("pipeline"), options,
                    entries));
        } catch (Exception e) {
            throw new IllegalStateException("unreadable batch " + batchId, e);
        }
    }
}
