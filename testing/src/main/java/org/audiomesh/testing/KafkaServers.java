package org.audiomesh.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Kafka in a container when Docker answers, otherwise inside this JVM. */
final class KafkaServers {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaServers.class);

    private KafkaServers() {
    }

    static StartedServer start() throws Exception {
        long started = System.nanoTime();
        StartedServer server = DockerProbe.dockerAnswers() ? KafkaContainerServer.start() : InJvmKafka.start();
        LOG.info("audiomesh-testing: Kafka ready in {} ms: {}", (System.nanoTime() - started) / 1_000_000, server.description());
        return server;
    }
}
