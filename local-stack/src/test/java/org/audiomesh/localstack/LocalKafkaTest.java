package org.audiomesh.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaTest {

    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path data;

    @Test
    void brokerAnnouncesReadinessCarriesRecordsAndCleansUpOnSigterm() throws Exception {
        int port = LocalProcess.freePort();
        int controllerPort = LocalProcess.freePort();
        Path dir = data.resolve("kafka");
        String bootstrap = "127.0.0.1:" + port;
        try (LocalProcess kafka = new LocalProcess(data.resolve("out-" + System.nanoTime() + ".txt"), LocalKafka.class,
                "--data", dir.toString(), "--port", Integer.toString(port), "--controller-port", Integer.toString(controllerPort))) {
            assertEquals("KAFKA READY " + bootstrap, kafka.awaitLine("KAFKA READY", START));
            assertEquals(bootstrap, Files.readString(dir.resolve("kafka.ready")).trim());

            String topic = "local-stack-check";
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", bootstrap, "acks", "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "job-1", "hello")).get();
            }
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
                assertEquals(3, admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size());
            }
            assertEquals(List.of("job-1=hello"), readAll(bootstrap, topic));

            kafka.terminate(Duration.ofSeconds(30));
            assertFalse(Files.exists(dir.resolve("kafka.ready")), "kafka.ready must be removed on shutdown");
            assertTrue(kafka.output().contains("LocalKafka: stopped"), kafka.outputText());
        }
    }

    @Test
    void brokerRestartsOnItsFormattedDataAndKeepsRecords() throws Exception {
        Path dir = data.resolve("kafka");
        String topic = "kept";
        int port = LocalProcess.freePort();
        try (LocalProcess kafka = new LocalProcess(data.resolve("out-" + System.nanoTime() + ".txt"), LocalKafka.class,
                "--data", dir.toString(), "--port", Integer.toString(port), "--controller-port", Integer.toString(LocalProcess.freePort()))) {
            kafka.awaitLine("KAFKA READY", START);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of("bootstrap.servers", "127.0.0.1:" + port, "acks", "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "job-2", "kept")).get();
            }
            kafka.terminate(Duration.ofSeconds(30));
        }
        // Same data directory, different controller port: the static voter set follows the config.
        try (LocalProcess kafka = new LocalProcess(data.resolve("out-" + System.nanoTime() + ".txt"), LocalKafka.class,
                "--data", dir.toString(), "--port", Integer.toString(port), "--controller-port", Integer.toString(LocalProcess.freePort()))) {
            kafka.awaitLine("KAFKA READY", START);
            assertEquals(List.of("job-2=kept"), readAll("127.0.0.1:" + port, topic));
            kafka.terminate(Duration.ofSeconds(30));
        }
    }

    @Test
    void secondBrokerOnABusyPortFailsWithoutTouchingTheData() throws Exception {
        int port = LocalProcess.freePort();
        try (java.net.ServerSocket busy = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress());
                LocalProcess kafka = new LocalProcess(data.resolve("out-" + System.nanoTime() + ".txt"), LocalKafka.class,
                        "--data", data.resolve("kafka").toString(), "--port", Integer.toString(port))) {
            assertEquals(1, kafka.awaitExit(Duration.ofSeconds(30)));
            assertTrue(kafka.outputText().contains("already in use"), kafka.outputText());
            assertFalse(Files.exists(data.resolve("kafka")));
        }
    }

    private static List<String> readAll(String bootstrap, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", bootstrap), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long end = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
            List<String> values = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.key() + "=" + record.value());
                }
            }
            return values;
        }
    }
}
