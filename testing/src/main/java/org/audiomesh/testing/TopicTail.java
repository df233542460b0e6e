package org.audiomesh.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the records of one topic from a fixed starting point on, without a consumer group.
 * Created by {@link KafkaTestClients#tail(String)}; not thread-safe, like the consumer it wraps.
 */
public final class TopicTail implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final String topic;

    TopicTail(String bootstrapServers, String topic, boolean fromBeginning) {
        this.topic = topic;
        this.consumer = KafkaTestClients.newConsumer(bootstrapServers);
        try {
            List<TopicPartition> partitions = KafkaTestClients.partitionsOf(consumer, bootstrapServers, topic);
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            // Resolve the positions now, so records written after this constructor are all seen.
            partitions.forEach(consumer::position);
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /** The topic this tail reads. */
    public String topic() {
        return topic;
    }

    /**
     * Polls until {@code count} more records arrived or {@code timeout} passed and returns the
     * records read by this call: exactly {@code count}, or fewer on timeout. Records beyond
     * {@code count} that arrived in the same batch are kept for the next call.
     */
    public List<ConsumerRecord<String, String>> poll(int count, Duration timeout) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Set<TopicPartition> rewound = new HashSet<>();
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofNanos(Math.min(left, 200_000_000L)))) {
                if (records.size() < count) {
                    records.add(record);
                } else {
                    // Rewind to the first surplus record of each partition so the next poll returns it.
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (rewound.add(partition)) {
                        consumer.seek(partition, record.offset());
                    }
                }
            }
        }
        return records;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
