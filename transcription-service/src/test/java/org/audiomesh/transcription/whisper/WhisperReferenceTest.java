package org.audiomesh.transcription.whisper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.audiomesh.common.onnx.ExecutionProvider;
import org.audiomesh.common.onnx.OnnxInference;
import org.audiomesh.common.onnx.OnnxSettings;
import org.audiomesh.transcription.TestAudio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Whisper engine against openai/whisper itself: {@code reference.json} was made by
 * {@code tools/whisper-fixtures/make_whisper_fixtures.py}, which runs openai/whisper's own
 * front end, tokenizer, decoding and {@code transcribe()} on a small model with random weights,
 * exported here in both ONNX layouts. The engine must give the same mel values, tokens,
 * segments, language probabilities and word times.
 */
class WhisperReferenceTest {
    static final Path DIR = Path.of("src/test/resources/whisper");
    static final ObjectMapper MAPPER = new ObjectMapper();
    static JsonNode reference;
    static OnnxInference onnx;
    static WhisperModels layoutA;
    static WhisperModels layoutB;

    @BeforeAll
    static void load() throws Exception {
        reference = MAPPER.readTree(DIR.resolve("reference.json").toFile());
        onnx = new OnnxInference(new OnnxSettings(List.of(ExecutionProvider.CPU), 1, 0));
        layoutA = WhisperModels.load(DIR.resolve("layout-a"), onnx, MAPPER);
        layoutB = WhisperModels.load(DIR.resolve("layout-b"), onnx, MAPPER);
    }

    @AfterAll
    static void close() {
        onnx.close();
    }

    @Test
    void theTokenizerEncodesAndDecodesAsOpenaiWhispers() {
        for (JsonNode check : reference.path("tokenizer_checks")) {
            List<Integer> ids = new ArrayList<>();
            check.path("ids").forEach(i -> ids.add(i.asInt()));
            String text = check.path("text").asText();
            assertEquals(ids, layoutA.tokenizer().encode(text), text);
            assertEquals(text, layoutA.tokenizer().decode(ids), text);
        }
    }

    @Test
    void theSpecialTokensAndTheSuppressedSetAreOpenaiWhispers() {
        JsonNode s = reference.path("special_tokens");
        for (WhisperModels m : List.of(layoutA, layoutB)) {
            WhisperVocabulary v = m.vocabulary();
            assertEquals(s.path("eot").asInt(), v.eot());
            assertEquals(s.path("sot").asInt(), v.sot());
            assertEquals(s.path("first_language").asInt(), v.languages().get("en"));
            assertEquals(s.path("translate").asInt(), v.translate());
            assertEquals(s.path("transcribe").asInt(), v.transcribe());
            assertEquals(s.path("sot_prev").asInt(), v.sotPrev());
            assertEquals(s.path("no_speech").asInt(), v.noSpeech());
            assertEquals(s.path("no_timestamps").asInt(), v.noTimestamps());
            assertEquals(s.path("timestamp_begin").asInt(), v.timestampBegin());
            List<Integer> expected = new ArrayList<>();
            reference.path("decoding").path("suppress_tokens_resolved").forEach(i -> expected.add(i.asInt()));
            List<Integer> actual = new ArrayList<>();
            for (int t : v.suppressTokens(m.tokenizer())) {
                actual.add(t);
            }
            assertEquals(expected, actual);
        }
    }

    @Test
    void theLogMelFrontEndMatchesOpenaiWhispersWithinOneHundredThousandth() throws Exception {
        for (String input : List.of("speech", "silence")) {
            JsonNode in = reference.path("inputs").path(input);
            float[] audio = TestAudio.read(DIR.resolve(in.path("file").asText()));
            assertEquals(in.path("samples").asInt(), audio.length);
            LogMel mel = LogMel.of(audio, 80);
            JsonNode window = in.path("mel").path("transcribe_window0");
            assertEquals(window.path("content_frames").asInt(), mel.contentFrames());
            check(input + " first window", window, mel.window(0, Math.min(LogMel.N_FRAMES, mel.contentFrames())));
            check(input + " language window", in.path("mel").path("transcribe_language_detection"), mel.paddedWindow());
        }
    }

    @Test
    void everyValueOfTheSpeechLogMelMatchesOpenaiWhispers() throws Exception {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(
                DIR.resolve("speech.mel-content-f32le.bin"))).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        LogMel mel = LogMel.of(TestAudio.read(DIR.resolve("speech.wav")), 80);
        int frames = mel.contentFrames();
        assertEquals(80 * frames * 4, bytes.capacity());
        double worst = 0;
        for (int m = 0; m < 80; m++) {
            for (int t = 0; t < frames; t++) {
                worst = Math.max(worst, Math.abs(bytes.getFloat((m * frames + t) * 4) - mel.value(m, t)));
            }
        }
        assertTrue(worst < 2e-5, "largest difference " + worst);
    }

    private static void check(String what, JsonNode expected, float[] actual) {
        double sum = 0;
        double sumSq = 0;
        for (float v : actual) {
            sum += v;
            sumSq += (double) v * v;
        }
        assertEquals(expected.path("sum").asDouble(), sum, 1e-5 * expected.path("sum_abs").asDouble(), what + " sum");
        assertEquals(expected.path("sum_sq").asDouble(), sumSq, 1e-5 * expected.path("sum_sq").asDouble(), what);
        for (Iterator<Map.Entry<String, JsonNode>> bins = expected.path("values").fields(); bins.hasNext(); ) {
            Map.Entry<String, JsonNode> bin = bins.next();
            int m = Integer.parseInt(bin.getKey().substring(3));
            for (Iterator<Map.Entry<String, JsonNode>> frames = bin.getValue().fields(); frames.hasNext(); ) {
                Map.Entry<String, JsonNode> f = frames.next();
                int t = Integer.parseInt(f.getKey().substring(5));
                assertEquals(f.getValue().asDouble(), actual[m * LogMel.N_FRAMES + t], 1e-5,
                        what + " mel " + m + " frame " + t);
            }
        }
    }

    private static List<WhisperTranscriber.Segment> transcribe(WhisperModels m, String input) throws Exception {
        float[] audio = TestAudio.read(DIR.resolve(reference.path("inputs").path(input).path("file").asText()));
        WhisperTranscriber t = new WhisperTranscriber(m.model(), m.tokenizer(), m.vocabulary(),
                new WhisperTranscriber.Options(null, false, null, 1, 1, false));
        List<WhisperTranscriber.Segment> segments = t.transcribe(audio, 0, () -> { });
        JsonNode detection = reference.path("inputs").path(input).path("transcribe").path("language_detection");
        assertEquals(detection.path("detected").asText(), t.language());
        for (JsonNode lp : detection.path("top5")) {
            assertEquals(lp.get(1).asDouble(), t.languageProbabilities().get(lp.get(0).asText()), 1e-4, lp.toString());
        }
        return segments;
    }

    private static List<JsonNode> spoken(JsonNode segments) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode s : segments) {
            if (!s.path("text").asText().isBlank()) {
                out.add(s);
            }
        }
        return out;
    }

    private static void sameSegments(JsonNode expected, List<WhisperTranscriber.Segment> actual, boolean words) {
        List<JsonNode> want = spoken(expected.path("segments"));
        assertEquals(want.size(), actual.size(), "segments: " + actual);
        for (int i = 0; i < want.size(); i++) {
            JsonNode w = want.get(i);
            WhisperTranscriber.Segment a = actual.get(i);
            List<Integer> tokens = new ArrayList<>();
            w.path("tokens").forEach(t -> tokens.add(t.asInt()));
            assertEquals(tokens, a.tokens(), "segment " + i);
            assertEquals(w.path("text").asText(), a.text());
            assertEquals(w.path("start").asDouble(), a.start(), 1e-6, "start of segment " + i);
            assertEquals(w.path("end").asDouble(), a.end(), 1e-6, "end of segment " + i);
            assertEquals(w.path("avg_logprob").asDouble(), a.avgLogprob(), 1e-3);
            assertEquals(w.path("no_speech_prob").asDouble(), a.noSpeechProb(), 1e-3);
            assertEquals(w.path("compression_ratio").asDouble(), a.compressionRatio(), 1e-9);
            if (words) {
                JsonNode ww = w.path("words");
                assertEquals(ww.size(), a.words().size(), "words of segment " + i);
                for (int k = 0; k < ww.size(); k++) {
                    assertEquals(ww.get(k).path("word").asText(), a.words().get(k).word());
                    assertEquals(ww.get(k).path("start").asDouble(), a.words().get(k).start(), 1e-6);
                    assertEquals(ww.get(k).path("end").asDouble(), a.words().get(k).end(), 1e-6);
                    assertEquals(ww.get(k).path("probability").asDouble(), a.words().get(k).probability(), 1e-3);
                }
            }
        }
    }

    @Test
    void bothLayoutsDecodeTheSpeechClipToOpenaiWhispersTokensAndSegments() throws Exception {
        JsonNode expected = reference.path("inputs").path("speech").path("transcribe");
        sameSegments(expected, transcribe(layoutB, "speech"), false);
        List<WhisperTranscriber.Segment> a = transcribe(layoutA, "speech");
        // layout A has cross-attention, so its words (and the windows after the first) follow word timing
        sameSegments(reference.path("inputs").path("speech").path("transcribe_word_timestamps"), a, true);
    }

    @Test
    void withoutCrossAttentionWordsAreSpreadOverTheirSegmentAndTheResultSaysSo() throws Exception {
        List<WhisperTranscriber.Segment> b = transcribe(layoutB, "speech");
        for (WhisperTranscriber.Segment s : b) {
            assertTrue(!s.words().isEmpty());
            assertEquals(s.start(), s.words().get(0).start(), 1e-9);
            assertEquals(s.end(), s.words().get(s.words().size() - 1).end(), 1e-9);
            StringBuilder text = new StringBuilder();
            s.words().forEach(w -> text.append(w.word()));
            assertEquals(s.text(), text.toString());
        }
        assertEquals("timestamp-interpolation", new WhisperTranscriber(layoutB.model(), layoutB.tokenizer(),
                layoutB.vocabulary(), new WhisperTranscriber.Options("en", false, null, 1, 1, true)).wordTiming());
        assertEquals("cross-attention-dtw", new WhisperTranscriber(layoutA.model(), layoutA.tokenizer(),
                layoutA.vocabulary(), new WhisperTranscriber.Options("en", false, null, 1, 1, true)).wordTiming());
    }

    @Test
    void onSilenceTheRandomModelInventsTextExactlyAsOpenaiWhisperDoes() throws Exception {
        // (in the service Silero VAD keeps silence away from the recogniser)
        JsonNode silence = reference.path("inputs").path("silence");
        sameSegments(silence.path("transcribe"), transcribe(layoutB, "silence"), false);
        sameSegments(silence.path("transcribe_word_timestamps"), transcribe(layoutA, "silence"), true);
    }
}
