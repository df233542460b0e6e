package org.audiomesh.common.worker;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.JobEvent;
import org.audiomesh.common.contract.Stage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.nio.charset.StandardCharsets;

/**
 * Publishes a stage service's job events (keyed by job id, so a job's events stay ordered) and
 * its dead letters, through the {@code worker-events} channel.
 */
@ApplicationScoped
@IfBuildProperty(name = "audiomesh.worker.enabled", stringValue = "true")
public class StageEventPublisher {
    public static final String ERROR_HEADER = "audiomesh-error";

    private final MutinyEmitter<String> emitter;
    private final ContractJson json;

    public StageEventPublisher(@Channel("worker-events") MutinyEmitter<String> emitter, ContractJson json) {
        this.emitter = emitter;
        this.json = json;
    }

    /** Sends and waits for the broker's acknowledgement. */
    public void publish(JobEvent event) {
        emitter.sendMessageAndAwait(keyed(event.jobId(), json.write(event), null, null));
    }

    /** Sends without waiting (STARTED and PROGRESS: the final event, sent after them, is awaited). */
    public void publishLater(JobEvent event) {
        emitter.sendMessageAndForget(keyed(event.jobId(), json.write(event), null, null));
    }

    /** Copies an unprocessable request, untouched, to the stage's dead-letter topic. */
    public void deadLetter(Stage stage, String key, String value, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ERROR_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        emitter.sendMessageAndAwait(keyed(key, value == null ? "" : value, stage.deadLetterTopic(), headers));
    }

    private static Message<String> keyed(String key, String value, String topic, RecordHeaders headers) {
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> meta =
                OutgoingKafkaRecordMetadata.<String>builder().withKey(key);
        if (topic != null) {
            meta = meta.withTopic(topic);
        }
        if (headers != null) {
            meta = meta.withHeaders(headers);
        }
        return Message.of(value).addMetadata(meta.build());
    }
}
