package org.audiomesh.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisTestResourceTest {

    private static RedisTestResource resource;
    private static String uri;

    @BeforeAll
    static void startSharedRedis() {
        resource = new RedisTestResource();
        resource.init(Map.of());
        uri = resource.start().get(RedisTestResource.REDIS_HOSTS);
        assertTrue(uri != null && uri.startsWith("redis://"), "start() must return a redis:// URI, got " + uri);
    }

    @AfterAll
    static void releaseSharedRedis() {
        resource.stop();
    }

    @Test
    void redisAnswersPingAndReturnsWhatWasSet() throws Exception {
        try (RespConnection redis = new RespConnection(uri)) {
            assertEquals("PONG", redis.call("PING"));
            assertEquals("OK", redis.call("SET", "job:1:status", "RUNNING"));
            assertEquals("RUNNING", redis.call("GET", "job:1:status"));
            assertEquals(null, redis.call("GET", "job:missing"));
        }
    }

    @Test
    void redisPersistsNothing() throws Exception {
        try (RespConnection redis = new RespConnection(uri)) {
            assertEquals(List.of("save", ""), redis.call("CONFIG", "GET", "save"));
            assertEquals(List.of("appendonly", "no"), redis.call("CONFIG", "GET", "appendonly"));
        }
    }

    @Test
    void everyResourceInstanceInTheJvmGetsTheSharedRedis() {
        RedisTestResource another = new RedisTestResource();
        another.init(Map.of());
        assertEquals(uri, another.start().get(RedisTestResource.REDIS_HOSTS));
        another.stop();
        URI shared = URI.create(uri);
        assertTrue(Ports.accepts(shared.getHost(), shared.getPort()), "stop() must not stop the shared Redis");
    }

    @Test
    void unsharedRedisStopsListeningWhenStopped() throws Exception {
        RedisTestResource own = new RedisTestResource();
        own.init(Map.of(RedisTestResource.SHARED_ARG, "false"));
        String ownUri = own.start().get(RedisTestResource.REDIS_HOSTS);
        assertNotEquals(uri, ownUri);
        try (RespConnection redis = new RespConnection(ownUri)) {
            assertEquals("PONG", redis.call("PING"));
        }

        own.stop();

        URI stopped = URI.create(ownUri);
        assertFalse(Ports.accepts(stopped.getHost(), stopped.getPort()), "Redis must be stopped");
    }
}
