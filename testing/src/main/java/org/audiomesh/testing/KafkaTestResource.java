package org.audiomesh.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Kafka broker for {@code @QuarkusTest}s: a Testcontainers {@code apache/kafka} container
 * where a Docker engine answers, otherwise a single-node KRaft broker inside the test JVM.
 *
 * <p>Use with {@code @WithTestResource(KafkaTestResource.class)} (or {@code @QuarkusTestResource}).
 * By default one broker serves the whole test JVM: every test class gets the same
 * {@code kafka.bootstrap.servers} and the broker stops when the JVM exits, so topics and committed
 * offsets outlive a test class; tests should key records by fresh job ids. The init argument
 * {@code shared=false} gives the test class a broker of its own, stopped in {@link #stop()}.
 *
 * <p>Topics are created on first use with {@value SingleNodeBrokerSettings#DEFAULT_PARTITIONS}
 * partitions; consumer groups start without the initial rebalance delay.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    /** The configuration key this resource sets; SmallRye Reactive Messaging Kafka reads it by default. */
    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";

    /** Init argument; {@code false} starts a broker for this test class alone. */
    public static final String SHARED_ARG = "shared";

    static final String JVM_WIDE_KEY = "audiomesh.testing.kafka.bootstrap";

    private boolean shared = true;
    private StartedServer ownServer;

    @Override
    public void init(Map<String, String> initArgs) {
        shared = !"false".equalsIgnoreCase(initArgs.getOrDefault(SHARED_ARG, "true").trim());
    }

    @Override
    public Map<String, String> start() {
        String bootstrapServers;
        if (shared) {
            bootstrapServers = JvmWideServers.addressOf(JVM_WIDE_KEY, KafkaServers::start);
        } else {
            ownServer = JvmWideServers.startOrFail("Kafka", KafkaServers::start);
            bootstrapServers = ownServer.address();
        }
        return Map.of(BOOTSTRAP_SERVERS, bootstrapServers);
    }

    @Override
    public void stop() {
        if (ownServer != null) {
            ownServer.close();
            ownServer = null;
        }
    }

    /** The server this instance started with {@code shared=false}, while it runs; for tests of this module. */
    StartedServer ownServer() {
        return ownServer;
    }
}
