package org.audiomesh.transcription.whisper;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A scripted Whisper for the decoding rules: a byte-level tokenizer (ids 0..255 are the bytes,
 * two merged tokens, then Whisper's special tokens and 1501 timestamps) written to a folder, and a
 * model whose next-token logits are a function of the tokens fed so far.
 */
final class TinyWhisper {
    /** The two merged tokens " h" and " hi": text tokens come before the special ones, as in Whisper. */
    static final int SPACE_H = 256;
    static final int SPACE_HI = 257;
    static final int EOT = 258;
    static final int SOT = 259;
    static final int EN = 260;
    static final int DE = 261;
    static final int TRANSLATE = 262;
    static final int TRANSCRIBE = 263;
    static final int SOT_LM = 264;
    static final int SOT_PREV = 265;
    static final int NO_SPEECH = 266;
    static final int NO_TIMESTAMPS = 267;
    static final int TS = 268;
    static final int FULL_VOCAB = TS + 1501;

    private TinyWhisper() {
    }

    /** Writes vocab.json, merges.txt and added_tokens.json into {@code dir}. */
    static BpeTokenizer tokenizer(Path dir) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode vocab = mapper.createObjectNode();
        for (int b = 0; b < 256; b++) {
            vocab.put(byteChar(b), b);
        }
        vocab.put(byteChar(' ') + "h", SPACE_H);
        vocab.put(byteChar(' ') + "hi", SPACE_HI);
        mapper.writeValue(dir.resolve("vocab.json").toFile(), vocab);
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\n" + byteChar(' ') + " h\n" + byteChar(' ') + "h i\n",
                StandardCharsets.UTF_8);
        ObjectNode added = mapper.createObjectNode();
        added.put("<|endoftext|>", EOT);
        added.put("<|startoftranscript|>", SOT);
        added.put("<|en|>", EN);
        added.put("<|de|>", DE);
        added.put("<|translate|>", TRANSLATE);
        added.put("<|transcribe|>", TRANSCRIBE);
        added.put("<|startoflm|>", SOT_LM);
        added.put("<|startofprev|>", SOT_PREV);
        added.put("<|nospeech|>", NO_SPEECH);
        added.put("<|notimestamps|>", NO_TIMESTAMPS);
        for (int i = 0; i <= 1500; i++) {
            added.put(String.format(java.util.Locale.ROOT, "<|%.2f|>", i * 0.02), TS + i);
        }
        mapper.writeValue(dir.resolve("added_tokens.json").toFile(), added);
        return BpeTokenizer.load(dir, mapper);
    }

    /** GPT-2's printable character for byte {@code b}. */
    static String byteChar(int b) {
        boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        if (printable) {
            return String.valueOf((char) b);
        }
        int n = 0;
        for (int k = 0; k < b; k++) {
            boolean p = (k >= '!' && k <= '~') || (k >= 0xA1 && k <= 0xAC) || (k >= 0xAE && k <= 0xFF);
            if (!p) {
                n++;
            }
        }
        return String.valueOf((char) (256 + n));
    }

    /** Logits that strongly prefer {@code token} (others at 0). */
    static float[] prefer(int token, float strength) {
        float[] l = new float[FULL_VOCAB];
        l[token] = strength;
        return l;
    }

    /** A model whose logits after each prefix are {@code script.apply(prefix)}. */
    static WhisperModel model(Function<List<Integer>, float[]> script) {
        return new WhisperModel() {
            @Override
            public String layout() {
                return "scripted";
            }

            @Override
            public int mels() {
                return 80;
            }

            @Override
            public int vocabSize() {
                return FULL_VOCAB;
            }

            @Override
            public int textContext() {
                return 448;
            }

            @Override
            public boolean hasCrossAttention() {
                return false;
            }

            @Override
            public List<int[]> alignmentHeads() {
                return List.of();
            }

            @Override
            public AudioFeatures encode(float[] mel) {
                return new AudioFeatures() {
                };
            }

            @Override
            public Decoder decoder(AudioFeatures features) {
                return new ScriptedDecoder(script, new ArrayList<>());
            }
        };
    }

    private record ScriptedDecoder(Function<List<Integer>, float[]> script, List<Integer> history)
            implements WhisperModel.Decoder {
        @Override
        public WhisperModel.Step step(int[] tokens, boolean attention) {
            float[][] out = new float[tokens.length][];
            for (int i = 0; i < tokens.length; i++) {
                history.add(tokens[i]);
                out[i] = script.apply(List.copyOf(history));
            }
            return new WhisperModel.Step(out, null);
        }

        @Override
        public WhisperModel.Decoder copy() {
            return new ScriptedDecoder(script, new ArrayList<>(history));
        }
    }
}
