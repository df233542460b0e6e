package org.audiomesh.common.worker;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioFormat;
import org.audiomesh.common.config.AudiomeshConfig;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.ContractJson.MalformedMessageException;
import org.audiomesh.common.contract.JobEvent;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.contract.StageError;
import org.audiomesh.common.contract.StageRequest;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.audiomesh.common.storage.BlobKey;
import org.audiomesh.common.storage.BlobStore;
import org.audiomesh.common.storage.InvalidBlobKeyException;
import org.audiomesh.common.storage.JobIds;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Consumes a stage topic and turns each {@link StageRequest} into job events: STARTED,
 * PROGRESS, then COMPLETED or FAILED. Idempotent by {@code jobId + stage}: a redelivered request
 * for a completed stage is answered from the stored result. Unparseable requests and requests
 * that keep failing go to the stage's dead-letter topic; the partition keeps flowing.
 * The offset is committed only after the final event is acknowledged (at-least-once).
 */
@ApplicationScoped
@IfBuildProperty(name = "audiomesh.worker.enabled", stringValue = "true")
public class StageWorker {
    private static final Logger LOG = Logger.getLogger(StageWorker.class);

    private final StageEngine engine;
    private final GuardedEngineRunner runner;
    private final StageEventPublisher publisher;
    private final BlobStore store;
    private final ContractJson json;
    private final WorkerMetrics metrics;
    private final AudiomeshConfig.Worker config;
    private final String workerId;

    public StageWorker(StageEngine engine, GuardedEngineRunner runner, StageEventPublisher publisher, BlobStore store,
                       ContractJson json, WorkerMetrics metrics, AudiomeshConfig config) {
        this.engine = engine;
        this.runner = runner;
        this.publisher = publisher;
        this.store = store;
        this.json = json;
        this.metrics = metrics;
        this.config = config.worker();
        this.workerId = hostName() + ":" + ProcessHandle.current().pid();
    }

    @Incoming("stage-requests")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        handle(record.key(), record.value());
    }

    /** Processes one raw request; never throws for a bad message. */
    public void handle(String key, String value) {
        Stage stage = engine.stage();
        StageRequest request;
        try {
            request = json.readRequest(value);
            JobIds.requireValid(request.jobId());
            if (request.stage() != stage) {
                throw new MalformedMessageException("request for stage " + request.stage().id() + " on the "
                        + stage.id() + " topic");
            }
        } catch (MalformedMessageException | InvalidBlobKeyException e) {
            poison(key, value, e.getMessage());
            return;
        }
        MDC.put("jobId", request.jobId());
        MDC.put("stage", stage.id());
        try {
            process(request, value);
        } finally {
            MDC.remove("jobId");
            MDC.remove("stage");
        }
    }

    private void poison(String key, String value, String reason) {
        Stage stage = engine.stage();
        LOG.warnf("dead-lettering an unprocessable %s request: %s", stage.id(), reason);
        publisher.deadLetter(stage, key, value, ErrorCode.POISON_MESSAGE + ": " + reason);
        metrics.deadLettered(stage, ErrorCode.POISON_MESSAGE);
        String jobId = json.jobIdOf(value);
        if (JobIds.isValid(jobId)) {
            publisher.publish(JobEvent.failed(jobId, stage, 0, new StageError(ErrorCode.POISON_MESSAGE,
                    "the stage request could not be processed: " + reason, false), engine.name(), workerId));
        }
    }

    private void process(StageRequest request, String raw) {
        Stage stage = engine.stage();
        BlobKey completedKey = completedEventKey(request.jobId(), stage);
        if (store.exists(completedKey)) {
            replay(request, completedKey);
            return;
        }
        // not awaited: the producer keeps a job's events in order, and the final event is awaited
        publisher.publishLater(JobEvent.started(request, engine.name(), workerId));
        long start = System.nanoTime();
        try {
            Path input = inputFile(request);
            AudioFormat format = AudioFiles.probe(input);
            StageOutputs outputs = new StageOutputs(store, request.jobId(), stage);
            EngineInput engineInput = new EngineInput(request.jobId(), input, format, request.options(), outputs);
            EngineOutcome outcome = runner.run(engine, engineInput, progressPublisher(request),
                    budget(format.durationSeconds()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (outcome instanceof EngineOutcome.Done done) {
                JobEvent completed = JobEvent.completed(request, outputs.written(), done.result().result(),
                        engine.name(), workerId);
                store.write(completedKey, json.write(completed).getBytes(StandardCharsets.UTF_8));
                publisher.publish(completed);
                metrics.completed(stage, engine.name(), took, format.durationSeconds());
                LOG.infof("%s completed in %d ms by %s", stage.id(), took.toMillis(), engine.name());
            } else if (outcome instanceof EngineOutcome.Failed failed) {
                fail(request, failed.error(), took);
            }
        } catch (RetryableStageException e) {
            fail(request, e, elapsed(start));
            publisher.deadLetter(stage, request.jobId(), raw, e.code() + ": " + e.getMessage());
            metrics.deadLettered(stage, e.code());
            metrics.retriesExhausted(stage, engine.name());
        } catch (CircuitBreakerOpenException e) {
            fail(request, new ProcessingException(ErrorCode.CIRCUIT_OPEN,
                    "the " + stage.id() + " engine is failing repeatedly; its circuit breaker is open", true),
                    elapsed(start));
        } catch (BulkheadException e) {
            fail(request, new ProcessingException(ErrorCode.OVERLOADED, "too many concurrent runs", true),
                    elapsed(start));
        } catch (ProcessingException e) {
            fail(request, e, elapsed(start));
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "%s failed unexpectedly", stage.id());
            fail(request, new ProcessingException(ErrorCode.INTERNAL_ERROR, "internal error: " + e, false),
                    elapsed(start));
        }
    }

    private Path inputFile(StageRequest request) throws IOException {
        BlobKey key;
        try {
            key = BlobKey.parse(request.input().uri());
        } catch (InvalidBlobKeyException e) {
            throw new ProcessingException(ErrorCode.INPUT_UNAVAILABLE, "invalid input URI", false);
        }
        if (!key.jobId().equals(request.jobId())) {
            throw new ProcessingException(ErrorCode.INPUT_UNAVAILABLE, "input belongs to another job", false);
        }
        try {
            return store.localFile(key);
        } catch (NoSuchFileException e) {
            throw new ProcessingException(ErrorCode.INPUT_UNAVAILABLE, "input file " + key.relativePath()
                    + " does not exist (expired or deleted job?)", false);
        }
    }

    private void replay(StageRequest request, BlobKey completedKey) {
        try (InputStream in = store.open(completedKey)) {
            JobEvent stored = json.readEvent(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            publisher.publish(JobEvent.completed(request, stored.outputs(), stored.result(), stored.engine(),
                    workerId));
            metrics.replayed(engine.stage());
            LOG.infof("%s already completed; answered from the stored result", engine.stage().id());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("stored result of " + completedKey.relativePath() + " is unreadable", e);
        }
    }

    private void fail(StageRequest request, ProcessingException error, Duration took) {
        LOG.warnf("%s failed: %s %s", engine.stage().id(), error.code(), error.getMessage());
        publisher.publish(JobEvent.failed(request.jobId(), engine.stage(), request.attempt(),
                new StageError(error.code(), error.getMessage(), error.retryable()), engine.name(), workerId));
        metrics.failed(engine.stage(), engine.name(), error.code(), took);
    }

    private ProgressListener progressPublisher(StageRequest request) {
        long intervalNanos = config.progressInterval().toNanos();
        long[] last = {System.nanoTime()};
        double[] lastFraction = {0};
        return fraction -> {
            long now = System.nanoTime();
            if (now - last[0] >= intervalNanos && fraction - lastFraction[0] >= 0.01) {
                last[0] = now;
                lastFraction[0] = fraction;
                publisher.publishLater(JobEvent.progress(request, Math.min(1, Math.max(0, fraction)),
                        engine.name(), workerId));
            }
        };
    }

    /** The stage's time budget: base + factor x audio duration, capped. */
    Duration budget(double audioSeconds) {
        double seconds = config.timeoutBase().toMillis() / 1000.0
                + Math.max(0, audioSeconds) * config.timeoutPerAudioSecond();
        Duration d = Duration.ofMillis((long) (seconds * 1000));
        return d.compareTo(config.timeoutMax()) > 0 ? config.timeoutMax() : d;
    }

    static BlobKey completedEventKey(String jobId, Stage stage) {
        return new BlobKey(jobId, "state", stage.id() + "-completed.json");
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
