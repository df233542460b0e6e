package org.audiomesh.common.worker;

import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.MDC;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs an engine under SmallRye Fault Tolerance: a time budget scaled by the audio duration,
 * retries with exponential backoff (2 s, 4 s, 8 s... at most 60 s) on retryable failures only,
 * a circuit breaker named {@value #BREAKER} and a bulkhead bounding concurrent inferences.
 * Every value can be overridden with MicroProfile config, e.g.
 * {@code org.audiomesh.common.worker.GuardedEngineRunner/run/Bulkhead/value=2}.
 */
@ApplicationScoped
public class GuardedEngineRunner {
    public static final String BREAKER = "stage-engine";

    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "audiomesh-engine");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param timeout the stage's time budget; on expiry the engine is interrupted at its next
     *                progress call and the run fails with retryable {@code STAGE_TIMEOUT}
     * @throws RetryableStageException when a retryable failure survived every retry
     */
    @Retry(maxRetries = 3, delay = 2000, jitter = 0, maxDuration = 0, retryOn = RetryableStageException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 60_000)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 30_000, successThreshold = 1,
            failOn = RetryableStageException.class)
    @CircuitBreakerName(BREAKER)
    @Bulkhead(1)
    public EngineOutcome run(StageEngine engine, EngineInput input, ProgressListener progress, Duration timeout) {
        AtomicBoolean cancelled = new AtomicBoolean();
        ProgressListener guarded = fraction -> {
            if (cancelled.get() || Thread.currentThread().isInterrupted()) {
                throw new CancellationException("stage time budget exceeded");
            }
            progress.progress(fraction);
        };
        Map<String, Object> mdc = MDC.getMap(); // jobId and stage, for the engine's own log lines
        Future<EngineResult> future = pool.submit(() -> {
            mdc.forEach(MDC::put);
            try {
                return engine.process(input, guarded);
            } finally {
                mdc.keySet().forEach(MDC::remove);
            }
        });
        try {
            return new EngineOutcome.Done(future.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            cancelled.set(true);
            future.cancel(true);
            throw new RetryableStageException(new ProcessingException(ErrorCode.STAGE_TIMEOUT,
                    "stage took longer than its budget of " + timeout.toSeconds() + " s", true));
        } catch (InterruptedException e) {
            cancelled.set(true);
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new RetryableStageException(new ProcessingException(ErrorCode.INTERNAL_ERROR,
                    "worker interrupted", true));
        } catch (ExecutionException e) {
            return failure(e.getCause());
        }
    }

    private static EngineOutcome failure(Throwable cause) {
        if (cause instanceof ProcessingException pe) {
            if (pe.retryable()) {
                throw new RetryableStageException(pe);
            }
            return new EngineOutcome.Failed(pe);
        }
        if (cause instanceof IOException || cause instanceof UncheckedIOException) {
            throw new RetryableStageException(new ProcessingException(ErrorCode.STORAGE_ERROR,
                    "I/O failure: " + cause.getMessage(), true, cause));
        }
        if (cause instanceof OutOfMemoryError) {
            throw new RetryableStageException(new ProcessingException(ErrorCode.ENGINE_ERROR,
                    "engine ran out of memory", true, cause));
        }
        return new EngineOutcome.Failed(new ProcessingException(ErrorCode.ENGINE_ERROR,
                "engine failed: " + cause, false, cause));
    }

    @PreDestroy
    void shutdown() {
        pool.shutdownNow();
    }
}
