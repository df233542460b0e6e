package org.audiomesh.common.worker;

/**
 * Receives an engine's progress. Engines call it often (cheap); the worker rate-limits what it
 * publishes. A call may throw {@link java.util.concurrent.CancellationException} when the stage
 * timed out, so engines need no cancellation checks of their own.
 */
@FunctionalInterface
public interface ProgressListener {
    /** @param fraction done so far, 0..1 */
    void progress(double fraction);

    ProgressListener NONE = fraction -> { };
}
