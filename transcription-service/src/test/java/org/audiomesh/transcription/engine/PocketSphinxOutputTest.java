package org.audiomesh.transcription.engine;

import org.audiomesh.transcription.transcript.Word;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Parsing of {@code pocketsphinx_continuous -time yes} output, as the Debian 12 binary prints it. */
class PocketSphinxOutputTest {
    // printed by pocketsphinx_continuous 5prealpha for two utterances of librivox/...-0880.wav
    // with a silent gap, plus an empty utterance
    private static final String OUTPUT = """
            he was not until this blows young man
            <s> 7.740 7.820 0.999200
            he 7.830 7.930 0.998900
            was(2) 7.940 8.160 0.999400
            not 8.170 8.580 0.996805
            <sil> 8.590 8.730 0.565432
            [SPEECH] 8.740 8.800 0.535598
            ++BREATH++ 8.800 8.810 0.5
            man 9.950 10.340 1.000100
            </s> 10.350 10.710 1.000000

            <s> 11.000 11.390 0.999900
            </s> 11.400 11.480 1.000000
            """;

    @Test
    void wordLinesBecomeWordsWithoutFillersAlternativeMarksOrProbabilitiesAboveOne() {
        List<Word> words = PocketSphinxOutput.parse(OUTPUT);
        assertEquals(List.of(
                new Word("he", 7.83, 7.93, 0.9989),
                new Word("was", 7.94, 8.16, 0.9994),
                new Word("not", 8.17, 8.58, 0.996805),
                new Word("man", 9.95, 10.34, 1.0)), words);
    }

    @Test
    void anEmptyOutputHasNoWords() {
        assertEquals(List.of(), PocketSphinxOutput.parse(""));
    }
}
