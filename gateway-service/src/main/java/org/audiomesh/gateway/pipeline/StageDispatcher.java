package org.audiomesh.gateway.pipeline;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.StageRequest;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes stage requests on {@code audiomesh.stage.<stage>}, keyed by job id. */
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
}
