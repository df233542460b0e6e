package org.audiomesh.gateway.storage;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.contract.Topics;
import org.audiomesh.gateway.config.GatewayConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates the mesh's topics at start-up when they are missing (stage topics, their dead-letter
 * topics and the job events), so partitions are set before any service subscribes. On a managed
 * cluster (Strimzi {@code KafkaTopic}) they already exist and nothing changes.
 */
@ApplicationScoped
public class TopicSetup {
    private static final Logger LOG = Logger.getLogger(TopicSetup.class);

    void onStart(@Observes StartupEvent start, GatewayConfig config,
                 @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(Topics.JOB_EVENTS, config.topicPartitions(), (short) -1));
        for (Stage s : Stage.values()) {
            topics.add(new NewTopic(s.topic(), config.topicPartitions(), (short) -1));
            topics.add(new NewTopic(s.deadLetterTopic(), 1, (short) -1));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))) {
            admin.createTopics(topics).values().forEach((name, f) -> {
                try {
                    f.get(20, TimeUnit.SECONDS);
                    LOG.infof("created topic %s", name);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        LOG.warnf("could not create topic %s: %s", name, e.getCause().getMessage());
                    }
                } catch (Exception e) {
                    LOG.warnf("could not create topic %s: %s", name, e.getMessage());
                }
            });
        }
    }
}
