package org.audiomesh.gateway.maintenance;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * One lock per scheduled task in Redis, so that of several gateway replicas only one runs a task
 * at a time: {@code SET audiomesh:lock:{task} <token> NX PX <ttl>} to take it, and a script that
 * deletes the key only while it still holds this holder's token to give it back. The expiry frees
 * the lock of a replica that died mid-run; it must exceed the longest run.
 */
@ApplicationScoped
public class TaskLocks {
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";

    private final RedisDataSource redis;
    private final String owner;

    @Inject
    public TaskLocks(RedisDataSource redis) {
        this(redis, replicaName());
    }

    /** @param owner names this replica in the lock's value (host:pid, plus a random part per acquisition) */
    public TaskLocks(RedisDataSource redis, String owner) {
        this.redis = redis;
        this.owner = owner;
    }

    public static String key(String task) {
        return "audiomesh:lock:" + task;
    }

    /** A held lock; {@link #close()} gives it back if it is still ours. */
    public final class Lease implements AutoCloseable {
        private final String task;
        private final String token;

        private Lease(String task, String token) {
            this.task = task;
            this.token = token;
        }

        public String task() {
            return task;
        }

        public String token() {
            return token;
        }

        /** @return false when the lock had expired and another holder may have taken it */
        public boolean release() {
            Response r = redis.execute("EVAL", RELEASE, "1", key(task), token);
            return r != null && r.toLong() == 1L;
        }

        @Override
        public void close() {
            release();
        }
    }

    /** Takes the task's lock for at most {@code ttl}, or returns empty when someone holds it. */
    public Optional<Lease> tryAcquire(String task, Duration ttl) {
        String token = owner + ":" + UUID.randomUUID();
        Response r = redis.execute("SET", key(task), token, "NX", "PX", Long.toString(Math.max(1, ttl.toMillis())));
        return r != null && "OK".equals(r.toString()) ? Optional.of(new Lease(task, token)) : Optional.empty();
    }

    /** The current holder's token, if any. */
    public Optional<String> holder(String task) {
        Response r = redis.execute("GET", key(task));
        return r == null ? Optional.empty() : Optional.of(r.toString());
    }

    private static String replicaName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown";
        }
        return host + ":" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
