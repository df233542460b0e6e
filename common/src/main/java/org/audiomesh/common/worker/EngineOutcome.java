package org.audiomesh.common.worker;

import org.audiomesh.common.error.ProcessingException;

/**
 * Result of one guarded engine run. A permanent failure is a value, not an exception, so it
 * neither triggers a retry nor counts against the circuit breaker.
 */
public sealed interface EngineOutcome {

    record Done(EngineResult result) implements EngineOutcome {
    }

    record Failed(ProcessingException error) implements EngineOutcome {
    }
}
