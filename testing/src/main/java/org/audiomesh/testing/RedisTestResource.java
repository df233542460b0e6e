package org.audiomesh.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Redis for {@code @QuarkusTest}s: a Testcontainers {@code redis:7-alpine} container where
 * a Docker engine answers, otherwise the {@code redis-server} binary from embedded-redis, bound to
 * 127.0.0.1 with {@code save ""} and {@code appendonly no}.
 *
 * <p>Use with {@code @WithTestResource(RedisTestResource.class)}. As with {@link KafkaTestResource},
 * one server serves the whole test JVM unless the init argument {@code shared=false} asks for one
 * per test class; keys therefore outlive a test class, so tests should use fresh job ids.
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    /** The configuration key this resource sets, read by quarkus-redis-client. */
    public static final String REDIS_HOSTS = "quarkus.redis.hosts";

    /** Init argument; {@code false} starts a Redis for this test class alone. */
    public static final String SHARED_ARG = "shared";

    static final String JVM_WIDE_KEY = "audiomesh.testing.redis.uri";

    private boolean shared = true;
    private StartedServer ownServer;

    @Override
    public void init(Map<String, String> initArgs) {
        shared = !"false".equalsIgnoreCase(initArgs.getOrDefault(SHARED_ARG, "true").trim());
    }

    @Override
    public Map<String, String> start() {
        String uri;
        if (shared) {
            uri = JvmWideServers.addressOf(JVM_WIDE_KEY, RedisServers::start);
        } else {
            ownServer = JvmWideServers.startOrFail("Redis", RedisServers::start);
            uri = ownServer.address();
        }
        return Map.of(REDIS_HOSTS, uri);
    }

    @Override
    public void stop() {
        if (ownServer != null) {
            ownServer.close();
            ownServer = null;
        }
    }
}
