package org.audiomesh.common.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.UncheckedIOException;

/**
 * JSON encoding of the event contract, identical in every service: ISO-8601 timestamps,
 * unknown fields ignored (a newer producer may add fields), {@code schemaVersion} checked.
 */
public final class ContractJson {
    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public ObjectMapper mapper() {
        return mapper;
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws MalformedMessageException when the text is not a supported {@link StageRequest} */
    public StageRequest readRequest(String json) {
        StageRequest r = read(json, StageRequest.class);
        if (r.schemaVersion() != StageRequest.SCHEMA_VERSION || r.jobId() == null || r.stage() == null
                || r.input() == null || r.input().uri() == null) {
            throw new MalformedMessageException("not a schemaVersion " + StageRequest.SCHEMA_VERSION
                    + " stage request with jobId, stage and input.uri");
        }
        return r;
    }

    /** @throws MalformedMessageException when the text is not a supported {@link JobEvent} */
    public JobEvent readEvent(String json) {
        JobEvent e = read(json, JobEvent.class);
        if (e.schemaVersion() != JobEvent.SCHEMA_VERSION || e.jobId() == null || e.stage() == null
                || e.type() == null) {
            throw new MalformedMessageException("not a schemaVersion " + JobEvent.SCHEMA_VERSION
                    + " job event with jobId, stage and type");
        }
        return e;
    }

    /** The {@code jobId} of a message that may not parse as a whole, or null. */
    public String jobIdOf(String json) {
        try {
            JsonNode n = mapper.readTree(json);
            return n != null && n.path("jobId").isTextual() ? n.get("jobId").asText() : null;
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    private <T> T read(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new MalformedMessageException("empty message");
        }
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new MalformedMessageException(firstLine(e), e);
        }
    }

    private static String firstLine(Exception e) {
        String m = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (m == null) {
            return "unreadable JSON";
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** A message that does not follow the contract; it goes to a dead-letter topic. */
    public static final class MalformedMessageException extends RuntimeException {
        public MalformedMessageException(String message) {
            super(message);
        }

        public MalformedMessageException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
