package org.audiomesh.separation.engine;

import org.audiomesh.common.audio.SampleEncoding;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeparationOptionsTest {

    @Test
    void withoutOptionsEveryStemIsWrittenAsFloatWav() {
        SeparationOptions o = SeparationOptions.parse(Map.of("language", "en")); // another stage's option
        assertEquals(List.of(Stem.VOCALS, Stem.DRUMS, Stem.BASS, Stem.OTHER, Stem.INSTRUMENTAL), o.stems());
        assertEquals(SeparationOptions.Format.WAV, o.format());
        assertEquals(SampleEncoding.FLOAT32, o.encoding());
        assertEquals("float32", o.encodingName());
    }

    @Test
    void twoStemsVocalsGivesVocalsAndInstrumental() {
        assertEquals(List.of(Stem.VOCALS, Stem.INSTRUMENTAL),
                SeparationOptions.parse(Map.of("stems", "two-stems=vocals")).stems());
    }

    @Test
    void aListOfStemsIsWrittenInStemOrderOnce() {
        assertEquals(List.of(Stem.DRUMS, Stem.BASS),
                SeparationOptions.parse(Map.of("stems", "bass, drums,bass")).stems());
    }

    @Test
    void flacDefaultsTo24BitIntegers() {
        SeparationOptions o = SeparationOptions.parse(Map.of("format", "FLAC"));
        assertEquals(SeparationOptions.Format.FLAC, o.format());
        assertEquals(SampleEncoding.PCM_S24, o.encoding());
        assertEquals(SampleEncoding.PCM_S16, SeparationOptions.parse(Map.of("format", "flac", "encoding", "pcm16")).encoding());
    }

    @Test
    void anEngineWithFewerStemsWritesThoseForAllAndRefusesOthers() {
        Set<Stem> mdx = EnumSet.of(Stem.VOCALS, Stem.INSTRUMENTAL);
        assertEquals(List.of(Stem.VOCALS, Stem.INSTRUMENTAL), SeparationOptions.parse(Map.of(), mdx, "mdx").stems());
        ProcessingException e = assertThrows(ProcessingException.class,
                () -> SeparationOptions.parse(Map.of("stems", "drums"), mdx, "mdx"));
        assertEquals(ErrorCode.INVALID_OPTION, e.code());
        assertTrue(e.getMessage().contains("mdx engine does not produce drums"), e.getMessage());
    }

    @Test
    void valuesThatCannotBeHonouredAreInvalidOptions() {
        for (Map<String, String> bad : List.of(Map.of("stems", "two-stems=drums"), Map.of("stems", "vocals,guitar"),
                Map.of("stems", ","), Map.of("format", "mp3"), Map.of("encoding", "pcm8"),
                Map.of("format", "flac", "encoding", "float32"))) {
            ProcessingException e = assertThrows(ProcessingException.class, () -> SeparationOptions.parse(bad), bad.toString());
            assertEquals(ErrorCode.INVALID_OPTION, e.code());
            assertFalse(e.retryable());
        }
    }
}
