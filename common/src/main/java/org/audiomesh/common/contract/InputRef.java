package org.audiomesh.common.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Claim check for a stage's input: events carry URIs, never audio bytes.
 *
 * @param uri         blob URI, e.g. {@code blob:jobs/{id}/input/source.wav}
 * @param contentType media type of the stored file
 * @param sampleRate  Hz, when known
 * @param channels    channel count, when known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputRef(String uri, String contentType, Integer sampleRate, Integer channels) {
}
