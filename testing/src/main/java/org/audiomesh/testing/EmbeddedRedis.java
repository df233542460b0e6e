package org.audiomesh.testing;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.embedded.RedisServer;

/**
 * The {@code redis-server} binary shipped in the embedded-redis jar, run as a child process on
 * 127.0.0.1 with persistence off, so it writes nothing to disk.
 */
final class EmbeddedRedis implements StartedServer {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);

    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static EmbeddedRedis start() throws IOException {
        int port = FreePorts.pick();
        RedisServer server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
        return new EmbeddedRedis(server, port);
    }

    int port() {
        return port;
    }

    @Override
    public String address() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public String description() {
        return "embedded redis-server (embedded-redis) at " + address();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Embedded Redis on port {} did not stop cleanly: {}", port, e.toString());
        }
    }
}
