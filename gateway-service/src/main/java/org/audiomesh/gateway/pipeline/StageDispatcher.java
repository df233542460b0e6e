package org.audiomesh.gateway.pipeline;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.JobEvent;
import org.audiomesh.common.contract.StageRequest;
import org.audiomesh.common.contract.Topics;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes stage requests on {@code audiomesh.stage.<stage>}, keyed by job id; and the stage
 * watchdog's FAILED events on {@code audiomesh.job.events}, where they queue behind the job's other
 * events so the coordinator stays their only reader and writer.
 */
@ApplicationScoped
public class StageDispatcher {
    private final MutinyEmitter<String> emitter;
    private final ContractJson json;

    public StageDispatcher(@Channel("stage-requests") MutinyEmitter<String> emitter, ContractJson json) {
        this.emitter = emitter;
        this.json = json;
    }

    /** Sends and waits for the broker's acknowledgement. */
    public void dispatch(StageRequest request) {
        emitter.sendMessageAndAwait(Message.of(json.write(request)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(request.jobId())
                        .withTopic(request.stage().topic()).build()));
    }

    /** Publishes a job event the gateway itself raises (the watchdog's STAGE_TIMEOUT) and waits for the ack. */
    public void report(JobEvent event) {
        emitter.sendMessageAndAwait(Message.of(json.write(event)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(event.jobId())
                        .withTopic(Topics.JOB_EVENTS).build()));
    }
}
