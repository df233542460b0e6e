package org.audiomesh.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain kafka-clients access to a test broker, so a test can drive a worker through real Kafka:
 * send the event a worker consumes, then read the events it produced.
 *
 * <pre>{@code
 * try (KafkaTestClients kafka = new KafkaTestClients(bootstrapServers);
 *      TopicTail produced = kafka.tail("separation.completed")) {
 *     kafka.send("separation.requested", jobId, json);
 *     List<ConsumerRecord<String, String>> records = produced.poll(1, Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * Keys and values are UTF-8 strings. One producer is created on first send and reused.
 */
public final class KafkaTestClients implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private KafkaProducer<String, String> producer;

    /** @param bootstrapServers the value of {@code kafka.bootstrap.servers} */
    public KafkaTestClients(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Sends one record and waits until the broker has acknowledged it. */
    public RecordMetadata send(String topic, String key, String value) {
        return send(new ProducerRecord<>(topic, key, value));
    }

    /** Sends one record (with headers, partition or timestamp set by the caller) and waits for the acknowledgement. */
    public synchronized RecordMetadata send(ProducerRecord<String, String> record) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.CLIENT_ID_CONFIG, "audiomesh-test-producer",
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) CALL_TIMEOUT.toMillis()),
                    new StringSerializer(), new StringSerializer());
        }
        return await(producer.send(record), "send to " + record.topic());
    }

    /**
     * Reads a topic from its first offset until {@code count} records arrived or {@code timeout}
     * passed, and returns what was read (fewer than {@code count} on timeout), in partition-then-offset
     * order of arrival. Reads without a consumer group, so it commits nothing.
     */
    public List<ConsumerRecord<String, String>> readFromBeginning(String topic, int count, Duration timeout) {
        try (TopicTail tail = new TopicTail(bootstrapServers, topic, true)) {
            return tail.poll(count, timeout);
        }
    }

    /**
     * Opens a reader positioned at the current end of every partition of {@code topic}, so it sees
     * exactly the records written after this call. Open it before triggering the work under test.
     * A topic that does not exist yet is created with the broker defaults (three partitions), as
     * the first producer would have created it.
     */
    public TopicTail tail(String topic) {
        return new TopicTail(bootstrapServers, topic, false);
    }

    /** Creates a topic with replication factor 1; does nothing if it already exists. */
    public void createTopic(String topic, int partitions) {
        createIfAbsent(bootstrapServers, new NewTopic(topic, partitions, (short) 1));
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    static <T> T await(java.util.concurrent.Future<T> future, String what) {
        try {
            return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted during " + what, e);
        } catch (ExecutionException e) {
            throw new KafkaException("Failed to " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("Timed out after " + CALL_TIMEOUT + " trying to " + what, e);
        }
    }

    static Map<String, Object> consumerConfig(String bootstrapServers) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.CLIENT_ID_CONFIG, "audiomesh-test-reader",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis());
    }

    /**
     * The partitions of {@code topic}, creating it with the broker's defaults if it does not exist:
     * a consumer's metadata request does not create topics, only a producer's does.
     */
    static List<TopicPartition> partitionsOf(KafkaConsumer<String, String> consumer, String bootstrapServers, String topic) {
        long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
        boolean created = false;
        while (true) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, CALL_TIMEOUT)
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            if (!partitions.isEmpty()) {
                return partitions;
            }
            if (!created) {
                createIfAbsent(bootstrapServers, new NewTopic(topic, Optional.empty(), Optional.empty()));
                created = true;
            }
            if (System.nanoTime() > deadline) {
                throw new KafkaException("Topic " + topic + " has no partitions after " + CALL_TIMEOUT);
            }
            sleep(Duration.ofMillis(50));
        }
    }

    private static void createIfAbsent(String bootstrapServers, NewTopic topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            await(admin.createTopics(List.of(topic)).all(), "create topic " + topic.name());
        } catch (KafkaException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while waiting for topic metadata", e);
        }
    }

    static KafkaConsumer<String, String> newConsumer(String bootstrapServers) {
        return new KafkaConsumer<>(consumerConfig(bootstrapServers), new StringDeserializer(), new StringDeserializer());
    }
}
