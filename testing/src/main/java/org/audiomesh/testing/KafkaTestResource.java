package org.audiomesh.testing;

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
public class KafkaTestResource extends SharedServerResource {

    /** The configuration key this resource sets; SmallRye Reactive Messaging Kafka reads it by default. */
    public static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";

    /** Init argument; {@code false} starts a broker for this test class alone. */
    public static final String SHARED_ARG = "shared";

    static final String JVM_WIDE_KEY = "audiomesh.testing.kafka.bootstrap";

    public KafkaTestResource() {
        super(BOOTSTRAP_SERVERS, JVM_WIDE_KEY, "Kafka", KafkaServers::start);
    }
}
