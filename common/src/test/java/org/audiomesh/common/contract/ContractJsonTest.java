package org.audiomesh.common.contract;

import org.audiomesh.common.contract.ContractJson.MalformedMessageException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContractJsonTest {
    private final ContractJson json = new ContractJson();
    private static final String ID = "0b6c2f3e-5d1a-4c8e-9f00-123456789abc";

    @Test
    void stageRequestRoundTripsWithSchemaVersionAndLowerCaseStage() {
        StageRequest r = StageRequest.of(ID, Stage.ANALYSIS, 1, new InputRef("blob:jobs/" + ID + "/input/source.wav",
                "audio/wav", 44100, 2), Map.of("language", "en"));
        String text = json.write(r);
        assertTrue(text.contains("\"schemaVersion\":1"), text);
        assertTrue(text.contains("\"stage\":\"analysis\""), text);
        assertTrue(text.contains("\"requestedAt\":\"20"), "ISO-8601 timestamps: " + text);
        assertEquals(r, json.readRequest(text));
    }

    @Test
    void jobEventRoundTripsAndCarriesTheError() {
        JobEvent e = JobEvent.failed(ID, Stage.SEPARATION, 2, new StageError("ENGINE_UNAVAILABLE", "none", false),
                "none", "host:1");
        JobEvent back = json.readEvent(json.write(e));
        assertEquals(e, back);
        assertEquals(EventType.FAILED, back.type());
        assertEquals("ENGINE_UNAVAILABLE", back.error().code());
    }

    @Test
    void unknownFieldsFromANewerProducerAreIgnored() {
        String text = json.write(StageRequest.of(ID, Stage.ANALYSIS, 1, new InputRef("blob:x", null, null, null),
                Map.of())).replaceFirst("\\{", "{\"futureField\":[1,2],");
        assertEquals(ID, json.readRequest(text).jobId());
    }

    @Test
    void malformedMessagesAreRefusedWithAReason() {
        assertThrows(MalformedMessageException.class, () -> json.readRequest("{not json"));
        assertThrows(MalformedMessageException.class, () -> json.readRequest(""));
        assertThrows(MalformedMessageException.class, () -> json.readRequest("{\"schemaVersion\":1}"));
        assertThrows(MalformedMessageException.class, () -> json.readRequest(
                "{\"schemaVersion\":9,\"jobId\":\"x\",\"stage\":\"analysis\",\"input\":{\"uri\":\"blob:x\"}}"));
        assertThrows(MalformedMessageException.class, () -> json.readRequest(
                "{\"schemaVersion\":1,\"jobId\":\"x\",\"stage\":\"remix\",\"input\":{\"uri\":\"blob:x\"}}"));
        assertThrows(MalformedMessageException.class, () -> json.readEvent("[]"));
    }

    @Test
    void jobIdIsRecoveredFromAMessageThatDoesNotParseAsAWhole() {
        assertEquals(ID, json.jobIdOf("{\"jobId\":\"" + ID + "\",\"stage\":\"remix\"}"));
        assertNull(json.jobIdOf("{broken"));
    }

    @Test
    void topicsFollowOneNamingScheme() {
        assertEquals("audiomesh.stage.transcription", Stage.TRANSCRIPTION.topic());
        assertEquals("audiomesh.stage.transcription.dlq", Stage.TRANSCRIPTION.deadLetterTopic());
        assertEquals("audiomesh.job.events", Topics.JOB_EVENTS);
    }
}
