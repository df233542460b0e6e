package org.audiomesh.transcription.whisper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.audiomesh.transcription.whisper.TinyWhisper.EOT;
import static org.audiomesh.transcription.whisper.TinyWhisper.NO_SPEECH;
import static org.audiomesh.transcription.whisper.TinyWhisper.SOT;
import static org.audiomesh.transcription.whisper.TinyWhisper.SPACE_HI;
import static org.audiomesh.transcription.whisper.TinyWhisper.TRANSCRIBE;
import static org.audiomesh.transcription.whisper.TinyWhisper.TS;
import static org.audiomesh.transcription.whisper.TinyWhisper.prefer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** openai/whisper's decoding rules on a scripted model whose logits depend on the last token. */
class WindowDecoderTest {
    @TempDir
    static Path dir;
    static BpeTokenizer tokenizer;
    static WhisperVocabulary vocabulary;

    @BeforeAll
    static void vocabulary() throws Exception {
        tokenizer = TinyWhisper.tokenizer(dir);
        vocabulary = WhisperVocabulary.of(tokenizer, TinyWhisper.FULL_VOCAB);
    }

    private static WindowDecoder.Result decode(Function<List<Integer>, float[]> script, int beams) {
        WhisperModel model = TinyWhisper.model(script);
        WindowDecoder d = new WindowDecoder(model, tokenizer, vocabulary);
        return d.decode(model.encode(null), new WindowDecoder.Options("en", false, 0, beams, 1, List.of(), new Random(1)));
    }

    private static int last(List<Integer> h) {
        return h.get(h.size() - 1);
    }

    @Test
    void theVocabularyIsReadFromTheTokenizerFiles() {
        assertEquals(EOT, vocabulary.eot());
        assertEquals(TS, vocabulary.timestampBegin());
        assertEquals(List.of("en", "de"), List.copyOf(vocabulary.languages().keySet()));
        assertEquals(List.of(SOT, TinyWhisper.EN, TRANSCRIBE), vocabulary.sotSequence("en", false));
        assertEquals(List.of(SPACE_HI), tokenizer.encode(" hi"));
        assertEquals(" hi there", tokenizer.decode(tokenizer.encode(" hi there")));
    }

    @Test
    void greedyDecodingStartsWithATimestampEndsSegmentsWithOneAndMeasuresNoSpeechAtTheStartToken() {
        WindowDecoder.Result r = decode(h -> switch (last(h)) {
            case SOT -> prefer(NO_SPEECH, 5);
            case TRANSCRIBE -> prefer('h', 10); // text is not allowed first: a timestamp <= 1 s is forced
            case TS -> prefer(SPACE_HI, 10);
            case SPACE_HI -> prefer(TS + 50, 10);
            default -> prefer(EOT, 10);
        }, 1);
        assertEquals(List.of(TS, SPACE_HI, TS + 50), r.tokens());
        assertEquals("hi", r.text());
        double expected = Math.exp(5) / (Math.exp(5) + TinyWhisper.FULL_VOCAB - 1);
        assertEquals(expected, r.noSpeechProb(), 1e-9);
        // the first timestamp is one of 51 equally likely (0.00..1.00 s); the rest are near certain
        assertEquals(-Math.log(51) / 4, r.avgLogprob(), 0.05);
    }

    @Test
    void whenTheTimestampsTogetherOutweighEveryTextTokenATimestampIsForced() {
        WindowDecoder.Result r = decode(h -> switch (last(h)) {
            case TRANSCRIBE -> prefer(TS, 20);
            case TS -> prefer(SPACE_HI, 10);
            case SPACE_HI -> prefer('h', 3); // 1500 timestamps at 0 beat one text token at 3
            default -> prefer(EOT, 10);
        }, 1);
        assertEquals(List.of(TS, SPACE_HI, TS + 1), r.tokens());
    }

    @Test
    void timestampsComeInPairsAndNeverGoBack() {
        WindowDecoder.Result r = decode(h -> {
            int n = h.size();
            if (last(h) == TRANSCRIBE) {
                return prefer(TS + 40, 20);
            }
            if (last(h) == TS + 40) {
                return n == 4 ? prefer(SPACE_HI, 10) : prefer(TS + 20, 10); // going back is forbidden
            }
            if (last(h) == SPACE_HI) {
                return prefer(TS + 60, 10);
            }
            if (last(h) == TS + 60 && n == 6) {
                return prefer(TS + 60, 10); // a second timestamp closes the pair
            }
            return prefer(EOT, 10);
        }, 1);
        assertEquals(TS + 40, r.tokens().get(0));
        assertEquals(SPACE_HI, r.tokens().get(1));
        assertEquals(TS + 60, r.tokens().get(2));
        assertTrue(r.tokens().size() == 3 || r.tokens().get(3) >= TS + 60, "never earlier than the last: " + r.tokens());
    }

    @Test
    void beamSearchFindsTheSequenceGreedyDecodingMisses() {
        Function<List<Integer>, float[]> script = h -> {
            switch (last(h)) {
                case SOT:
                    return prefer(NO_SPEECH, 1);
                case TRANSCRIBE:
                    return prefer(TS, 20);
                case TS: {
                    float[] l = new float[TinyWhisper.FULL_VOCAB];
                    l['a'] = 5f;
                    l['b'] = 4.5f;
                    return l;
                }
                case 'a':
                    return new float[TinyWhisper.FULL_VOCAB]; // unsure: a forced timestamp at 1/1500
                case 'b':
                    return prefer(TS + 10, 15);
                default:
                    return prefer(EOT, 15);
            }
        };
        assertEquals(List.of(TS, (int) 'a', TS + 1), decode(script, 1).tokens());
        assertEquals(List.of(TS, (int) 'b', TS + 10), decode(script, 2).tokens());
    }

    @Test
    void compressionRatioIsZlibsAsInOpenaiWhisper() {
        // values from Python: len(b) / len(zlib.compress(b))
        assertEquals(11 / 19.0, WindowDecoder.compressionRatio("hello world"), 1e-12);
        assertTrue(WindowDecoder.compressionRatio("hi ".repeat(40).strip()) > 2.4);
    }
}
