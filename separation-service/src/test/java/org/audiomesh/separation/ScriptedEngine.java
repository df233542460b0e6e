package org.audiomesh.separation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.audiomesh.common.worker.EngineInput;
import org.audiomesh.common.worker.EngineResult;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.common.worker.StageEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A separation engine whose behaviour each test sets, to exercise the worker's fault tolerance:
 * fail retryably a number of times, fail forever, or run past the time budget. Enabled only by
 * {@link FaultToleranceTest}'s profile.
 */
@Alternative
@ApplicationScoped
public class ScriptedEngine implements StageEngine {
    public enum Mode { FAIL_THEN_SUCCEED, ALWAYS_FAIL, STALL }

    private volatile Mode mode = Mode.FAIL_THEN_SUCCEED;
    private volatile int failuresBeforeSuccess;
    private final AtomicInteger calls = new AtomicInteger();

    // methods, not fields: tests hold a client proxy, whose fields are not the bean's
    public void script(Mode mode, int failuresBeforeSuccess) {
        this.mode = mode;
        this.failuresBeforeSuccess = failuresBeforeSuccess;
        calls.set(0);
    }

    public int calls() {
        return calls.get();
    }

    @Override
    public Stage stage() {
        return Stage.SEPARATION;
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public EngineResult process(EngineInput input, ProgressListener progress) {
        int call = calls.incrementAndGet();
        switch (mode) {
            case ALWAYS_FAIL -> throw new ProcessingException(ErrorCode.ENGINE_ERROR, "device lost", true);
            case STALL -> {
                for (int i = 0; ; i++) {
                    progress.progress(Math.min(0.99, i / 1000.0)); // throws once the budget is spent
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ProcessingException(ErrorCode.STAGE_TIMEOUT, "interrupted", true);
                    }
                }
            }
            default -> {
                if (call <= failuresBeforeSuccess) {
                    throw new ProcessingException(ErrorCode.ENGINE_ERROR, "transient failure " + call, true);
                }
                try {
                    input.outputs().write("vocals.wav", out -> out.write(new byte[]{1, 2, 3}));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return new EngineResult(null);
            }
        }
    }
}
