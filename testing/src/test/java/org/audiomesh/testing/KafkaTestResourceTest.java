package org.audiomesh.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaTestResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static KafkaTestResource resource;
    private static String bootstrapServers;

    @BeforeAll
    static void startSharedBroker() {
        resource = new KafkaTestResource();
        resource.init(Map.of());
        Map<String, String> config = resource.start();
        bootstrapServers = config.get(KafkaTestResource.BOOTSTRAP_SERVERS);
        assertNotNull(bootstrapServers, "start() must return " + KafkaTestResource.BOOTSTRAP_SERVERS);
    }

    @AfterAll
    static void releaseSharedBroker() {
        resource.stop();
    }

    @Test
    void adminClientCreatesATopicWithThreePartitions() throws Exception {
        String topic = "created-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertEquals(3, description.partitions().size());
        }
    }

    @Test
    void recordSentIsReadBackWithItsKeyAndValue() {
        String topic = "roundtrip-" + UUID.randomUUID();
        try (KafkaTestClients kafka = new KafkaTestClients(bootstrapServers)) {
            kafka.send(topic, "job-1", "{\"stage\":\"separation\"}");
            List<ConsumerRecord<String, String>> records = kafka.readFromBeginning(topic, 1, WAIT);
            assertEquals(1, records.size());
            assertEquals("job-1", records.get(0).key());
            assertEquals("{\"stage\":\"separation\"}", records.get(0).value());
        }
    }

    @Test
    void topicCreatedOnFirstUseHasThreePartitions() throws Exception {
        String topic = "auto-" + UUID.randomUUID();
        try (KafkaTestClients kafka = new KafkaTestClients(bootstrapServers);
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            kafka.send(topic, "job-2", "hello");
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertEquals(3, description.partitions().size());
        }
    }

    @Test
    void tailSeesOnlyRecordsWrittenAfterItOpened() {
        String topic = "tail-" + UUID.randomUUID();
        try (KafkaTestClients kafka = new KafkaTestClients(bootstrapServers)) {
            kafka.createTopic(topic, 3);
            kafka.send(topic, "old", "before");
            try (TopicTail tail = kafka.tail(topic)) {
                for (int i = 0; i < 6; i++) {
                    kafka.send(topic, "job-" + i, "after-" + i);
                }
                List<ConsumerRecord<String, String>> records = tail.poll(4, WAIT);
                List<ConsumerRecord<String, String>> rest = tail.poll(2, WAIT);
                assertEquals(4, records.size());
                assertEquals(2, rest.size());
                assertTrue(records.stream().noneMatch(r -> r.value().equals("before")));
                assertTrue(rest.stream().noneMatch(r -> records.stream().anyMatch(s -> s.value().equals(r.value()))),
                        "a record must not be returned twice");
                assertTrue(tail.poll(1, Duration.ofMillis(500)).isEmpty());
            }
        }
    }

    @Test
    void tailOfATopicThatDoesNotExistYetSeesItsFirstRecord() {
        String topic = "not-yet-" + UUID.randomUUID();
        try (KafkaTestClients kafka = new KafkaTestClients(bootstrapServers);
                TopicTail tail = kafka.tail(topic)) {
            kafka.send(topic, "job-3", "first");
            List<ConsumerRecord<String, String>> records = tail.poll(1, WAIT);
            assertEquals(1, records.size());
            assertEquals("first", records.get(0).value());
        }
    }

    @Test
    void everyResourceInstanceInTheJvmGetsTheSharedBroker() {
        KafkaTestResource another = new KafkaTestResource();
        another.init(Map.of());
        assertEquals(bootstrapServers, another.start().get(KafkaTestResource.BOOTSTRAP_SERVERS));
        another.stop();
        try (KafkaTestClients kafka = new KafkaTestClients(bootstrapServers)) {
            kafka.send("after-stop-" + UUID.randomUUID(), "k", "v");
        }
    }

    @Test
    void unsharedBrokerStopsAndRemovesItsDirectory() {
        KafkaTestResource own = new KafkaTestResource();
        own.init(Map.of(KafkaTestResource.SHARED_ARG, "false"));
        String ownBootstrap = own.start().get(KafkaTestResource.BOOTSTRAP_SERVERS);
        // a container broker keeps its files in the container; the in-JVM one in a temp directory
        Path directory = own.ownServer() instanceof InJvmKafka jvm ? jvm.directory() : null;
        int port = Integer.parseInt(ownBootstrap.substring(ownBootstrap.lastIndexOf(':') + 1));
        try (KafkaTestClients kafka = new KafkaTestClients(ownBootstrap)) {
            kafka.send("own", "k", "v");
        }
        if (directory != null) {
            assertTrue(Files.isDirectory(directory));
        }

        own.stop();

        assertNull(own.ownServer());
        if (directory != null) {
            assertFalse(Files.exists(directory), directory + " must be removed");
        }
        assertFalse(Ports.accepts("localhost", port), "the broker port must be closed");
        assertTrue(Ports.accepts(bootstrapServers.substring(0, bootstrapServers.lastIndexOf(':')),
                Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1))),
                "the shared broker must keep running");
    }
}
