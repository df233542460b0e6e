package org.audiomesh.common.worker;

import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.error.ProcessingException;

import java.util.Optional;

/**
 * One implementation of a stage (a model export or a built-in algorithm). The worker does not
 * know which one runs: it calls {@link #process} and reports {@link #name()} with every result.
 */
public interface StageEngine {

    Stage stage();

    /** Short stable name reported in results, health and metrics, e.g. {@code beat-dp}. */
    String name();

    /** Empty when the engine can run; otherwise why not (missing model, missing tool). */
    default Optional<String> unavailableReason() {
        return Optional.empty();
    }

    /**
     * Processes one input. Output files go through {@link EngineInput#outputs()}.
     *
     * @throws ProcessingException with a stable code; {@code retryable} only where trying again may help
     */
    EngineResult process(EngineInput input, ProgressListener progress);
}
