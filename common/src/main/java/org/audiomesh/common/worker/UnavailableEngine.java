package org.audiomesh.common.worker;

import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;

import java.util.Optional;

/**
 * The engine of a stage that has no implementation installed: every request fails honestly
 * with {@code ENGINE_UNAVAILABLE}, so the pipelines degrade instead of inventing a result.
 */
public final class UnavailableEngine implements StageEngine {
    private final Stage stage;
    private final String reason;

    public UnavailableEngine(Stage stage, String reason) {
        this.stage = stage;
        this.reason = reason;
    }

    @Override
    public Stage stage() {
        return stage;
    }

    @Override
    public String name() {
        return "none";
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.of(reason);
    }

    @Override
    public EngineResult process(EngineInput input, ProgressListener progress) {
        throw new ProcessingException(ErrorCode.ENGINE_UNAVAILABLE, reason, false);
    }
}
