package org.audiomesh.transcription.engine;

import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TranscriptionOptionsTest {

    @Test
    void noOptionsMeanAutoLanguageUnknownSpeakersNoLyrics() {
        TranscriptionOptions o = TranscriptionOptions.parse(Map.of());
        assertEquals("auto", o.language());
        assertEquals(Optional.empty(), o.numSpeakers());
        assertEquals(Optional.empty(), o.lyrics());
    }

    @Test
    void valuesAreReadAndARegionTagIsIgnoredForTheBaseLanguage() {
        TranscriptionOptions o = TranscriptionOptions.parse(Map.of("language", " en-GB ", "num_speakers", "3",
                "lyrics", "la la"));
        assertEquals("en", o.baseLanguage());
        assertEquals(Optional.of(3), o.numSpeakers());
        assertEquals(Optional.of("la la"), o.lyrics());
    }

    @Test
    void malformedValuesAreInvalidOptionsNotRetried() {
        for (Map<String, String> bad : new Map[] {Map.of("num_speakers", "0"), Map.of("num_speakers", "21"),
                Map.of("num_speakers", "two"), Map.of("language", "english!"),
                Map.of("lyrics", "x".repeat(TranscriptionOptions.MAX_LYRICS + 1))}) {
            ProcessingException e = assertThrows(ProcessingException.class, () -> TranscriptionOptions.parse(bad));
            assertEquals(ErrorCode.INVALID_OPTION, e.code(), bad.toString());
            assertEquals(false, e.retryable());
        }
    }
}
