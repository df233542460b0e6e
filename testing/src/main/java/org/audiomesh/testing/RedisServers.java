package org.audiomesh.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Redis in a container when Docker answers, otherwise from the embedded-redis binary. */
final class RedisServers {

    private static final Logger LOG = LoggerFactory.getLogger(RedisServers.class);

    private RedisServers() {
    }

    static StartedServer start() throws Exception {
        long started = System.nanoTime();
        StartedServer server = DockerProbe.dockerAnswers() ? RedisContainerServer.start() : EmbeddedRedis.start();
        LOG.info("audiomesh-testing: Redis ready in {} ms: {}", (System.nanoTime() - started) / 1_000_000, server.description());
        return server;
    }
}
