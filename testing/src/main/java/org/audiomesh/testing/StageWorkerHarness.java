package org.audiomesh.testing;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.audiomesh.common.audio.AudioBuffer;
import org.audiomesh.common.audio.SampleEncoding;
import org.audiomesh.common.audio.WavWriter;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.EventType;
import org.audiomesh.common.contract.InputRef;
import org.audiomesh.common.contract.JobEvent;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.contract.StageRequest;
import org.audiomesh.common.storage.BlobKey;
import org.audiomesh.common.storage.BlobStore;
import org.audiomesh.common.storage.JobIds;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drives a stage service's worker through real Kafka topics, as the gateway's coordinator does:
 * stores an input in the blob store, publishes stage requests, reads the job events back.
 */
public final class StageWorkerHarness implements AutoCloseable {
    public final KafkaTestClients kafka;
    public final ContractJson json = new ContractJson();
    private final BlobStore blobs;
    private final Stage stage;
    private final TopicTail events;

    public StageWorkerHarness(String bootstrap, BlobStore blobs, Stage stage) {
        this.kafka = new KafkaTestClients(bootstrap);
        this.blobs = blobs;
        this.stage = stage;
        this.events = kafka.tail(org.audiomesh.common.contract.Topics.JOB_EVENTS);
    }

    /** Stores a one-second stereo tone as a new job's input and returns the job id. */
    public String newJobWithInput() throws IOException {
        int rate = 22050;
        float[][] s = new float[2][rate];
        for (int i = 0; i < rate; i++) {
            s[0][i] = s[1][i] = (float) (0.2 * Math.sin(2 * Math.PI * 330 * i / rate));
        }
        return newJobWithInput(new AudioBuffer(rate, s));
    }

    /** Stores the given audio as a new job's input and returns the job id. */
    public String newJobWithInput(AudioBuffer audio) throws IOException {
        String id = JobIds.newId();
        blobs.write(new BlobKey(id, "input", "source.wav"), out -> WavWriter.write(out, audio, SampleEncoding.PCM_S16));
        return id;
    }

    public StageRequest request(String jobId) {
        return StageRequest.of(jobId, stage, 1,
                new InputRef(new BlobKey(jobId, "input", "source.wav").uri().toString(), "audio/wav", null, null),
                Map.of());
    }

    public void send(StageRequest r) {
        kafka.send(stage.topic(), r.jobId(), json.write(r));
    }

    /** Events of one job until a terminal one (or the timeout). */
    public List<JobEvent> eventsUntilTerminal(String jobId, Duration timeout) {
        List<JobEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : events.poll(1, Duration.ofMillis(200))) {
                JobEvent e = json.readEvent(r.value());
                if (e.jobId().equals(jobId)) {
                    seen.add(e);
                    if (e.type() == EventType.COMPLETED || e.type() == EventType.FAILED) {
                        return seen;
                    }
                }
            }
        }
        throw new AssertionError("no terminal event for job " + jobId + "; saw " + seen);
    }

    /** The last of a list of events (the terminal one). */
    public static JobEvent last(List<JobEvent> events) {
        return events.get(events.size() - 1);
    }

    @Override
    public void close() {
        events.close();
        kafka.close();
    }
}
