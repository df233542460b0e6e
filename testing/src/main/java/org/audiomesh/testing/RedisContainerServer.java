package org.audiomesh.testing;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/** Redis in a Testcontainers {@code redis:7-alpine} container with persistence off. */
final class RedisContainerServer implements StartedServer {

    static final String IMAGE = "redis:7-alpine";
    private static final int REDIS_PORT = 6379;

    private final GenericContainer<?> container;

    private RedisContainerServer(GenericContainer<?> container) {
        this.container = container;
    }

    static RedisContainerServer start() {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withExposedPorts(REDIS_PORT)
                .withCommand("redis-server", "--save", "", "--appendonly", "no")
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1));
        container.start();
        return new RedisContainerServer(container);
    }

    @Override
    public String address() {
        return "redis://" + container.getHost() + ":" + container.getMappedPort(REDIS_PORT);
    }

    @Override
    public String description() {
        return "Testcontainers Redis (" + IMAGE + ") at " + address();
    }

    @Override
    public void close() {
        container.stop();
    }
}
