package org.audiomesh.testing;

/**
 * A real Redis for {@code @QuarkusTest}s: a Testcontainers {@code redis:7-alpine} container where
 * a Docker engine answers, otherwise the {@code redis-server} binary from embedded-redis, bound to
 * 127.0.0.1 with {@code save ""} and {@code appendonly no}.
 *
 * <p>Use with {@code @WithTestResource(RedisTestResource.class)}. As with {@link KafkaTestResource},
 * one server serves the whole test JVM unless the init argument {@code shared=false} asks for one
 * per test class; keys therefore outlive a test class, so tests should use fresh job ids.
 */
public class RedisTestResource extends SharedServerResource {

    /** The configuration key this resource sets, read by quarkus-redis-client. */
    public static final String REDIS_HOSTS = "quarkus.redis.hosts";

    /** Init argument; {@code false} starts a Redis for this test class alone. */
    public static final String SHARED_ARG = "shared";

    static final String JVM_WIDE_KEY = "audiomesh.testing.redis.uri";

    public RedisTestResource() {
        super(REDIS_HOSTS, JVM_WIDE_KEY, "Redis", RedisServers::start);
    }
}
