package org.audiomesh.testing;

import java.util.Map;

/** Broker settings that make one node behave like a production cluster would for the services. */
final class SingleNodeBrokerSettings {

    /** Partitions of a topic created on first use; more than one so per-key ordering is exercised. */
    static final int DEFAULT_PARTITIONS = 3;

    /** Server properties; replication factors are 1 because there is one node. */
    static final Map<String, String> PROPERTIES = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "5",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "share.coordinator.state.topic.replication.factor", "1",
            "share.coordinator.state.topic.min.isr", "1",
            "group.initial.rebalance.delay.ms", "0",
            "num.partitions", Integer.toString(DEFAULT_PARTITIONS),
            "auto.create.topics.enable", "true");

    private SingleNodeBrokerSettings() {
    }

    /** The same settings as environment variables of the {@code apache/kafka} image. */
    static Map<String, String> asContainerEnvironment() {
        Map<String, String> env = new java.util.HashMap<>();
        PROPERTIES.forEach((key, value) -> env.put("KAFKA_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), value));
        return env;
    }
}
