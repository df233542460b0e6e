package org.audiomesh.testing;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** Kafka in a Testcontainers {@code apache/kafka} container, the same version as the clients. */
final class KafkaContainerServer implements StartedServer {

    static final String IMAGE = "apache/kafka:4.1.2";

    private final KafkaContainer container;

    private KafkaContainerServer(KafkaContainer container) {
        this.container = container;
    }

    static KafkaContainerServer start() {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(IMAGE))
                .withEnv(SingleNodeBrokerSettings.asContainerEnvironment());
        container.start();
        return new KafkaContainerServer(container);
    }

    @Override
    public String address() {
        return container.getBootstrapServers();
    }

    @Override
    public String description() {
        return "Testcontainers Kafka (" + IMAGE + ") at " + address();
    }

    @Override
    public void close() {
        container.stop();
    }
}
