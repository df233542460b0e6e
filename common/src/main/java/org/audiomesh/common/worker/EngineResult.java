package org.audiomesh.common.worker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an engine returns: the stage's result JSON. Output files are those written through
 * {@link StageOutputs} during processing.
 */
public record EngineResult(JsonNode result) {
}
