package org.audiomesh.transcription.whisper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Whisper's special tokens, read from the tokenizer (never one hard-coded table: multilingual,
 * English-only and large-v3 models number them differently), and the token sets the decoding
 * rules use.
 *
 * @param eot            {@code <|endoftext|>}
 * @param sot            {@code <|startoftranscript|>}
 * @param translate      {@code <|translate|>}
 * @param transcribe     {@code <|transcribe|>}
 * @param sotLm          {@code <|startoflm|>}
 * @param sotPrev        {@code <|startofprev|>}
 * @param noSpeech       {@code <|nospeech|>} (older {@code <|nocaptions|>}), or -1
 * @param noTimestamps   {@code <|notimestamps|>}
 * @param timestampBegin {@code <|0.00|>}; timestamp {@code i} is {@code timestampBegin + i}, 0.02 s apart
 * @param languages      language code to token, in the tokenizer's order (empty for English-only models)
 */
public record WhisperVocabulary(int eot, int sot, int translate, int transcribe, int sotLm, int sotPrev,
                                int noSpeech, int noTimestamps, int timestampBegin,
                                Map<String, Integer> languages) {
    /** Seconds per timestamp step. */
    public static final double TIME_PRECISION = 0.02;

    /** openai/whisper's language codes, in token order. */
    public static final List<String> LANGUAGE_CODES = List.of("en", "zh", "de", "es", "ru", "ko", "fr", "ja", "pt",
            "tr", "pl", "ca", "nl", "ar", "sv", "it", "id", "hi", "fi", "vi", "he", "uk", "el", "ms", "cs", "ro", "da",
            "hu", "ta", "no", "th", "ur", "hr", "bg", "lt", "la", "mi", "ml", "cy", "sk", "te", "fa", "lv", "bn", "sr",
            "az", "sl", "kn", "et", "mk", "br", "eu", "is", "hy", "ne", "mn", "bs", "kk", "sq", "sw", "gl", "mr", "pa",
            "si", "km", "sn", "yo", "so", "af", "oc", "ka", "be", "tg", "sd", "gu", "am", "yi", "lo", "uz", "fo", "ht",
            "ps", "tk", "nn", "mt", "sa", "lb", "my", "bo", "tl", "mg", "as", "tt", "haw", "ln", "ha", "ba", "jw", "su",
            "yue");

    /**
     * @param vocabSize the model's output size: language tokens at or above it are left out
     * @throws IllegalArgumentException when a required special token is missing
     */
    public static WhisperVocabulary of(BpeTokenizer tokenizer, int vocabSize) {
        int eot = required(tokenizer, "<|endoftext|>");
        int sot = required(tokenizer, "<|startoftranscript|>");
        int noTimestamps = required(tokenizer, "<|notimestamps|>");
        int noSpeech = tokenizer.special("<|nospeech|>");
        if (noSpeech < 0) {
            noSpeech = tokenizer.special("<|nocaptions|>");
        }
        int first = tokenizer.special("<|0.00|>");
        Map<String, Integer> languages = new LinkedHashMap<>();
        List<Map.Entry<String, Integer>> found = new ArrayList<>();
        for (String code : LANGUAGE_CODES) {
            int id = tokenizer.special("<|" + code + "|>");
            if (id >= 0 && id < vocabSize) {
                found.add(Map.entry(code, id));
            }
        }
        found.sort(Map.Entry.comparingByValue());
        found.forEach(e -> languages.put(e.getKey(), e.getValue()));
        return new WhisperVocabulary(eot, sot, required(tokenizer, "<|translate|>"),
                required(tokenizer, "<|transcribe|>"), tokenizer.special("<|startoflm|>"),
                required(tokenizer, "<|startofprev|>"), noSpeech, noTimestamps,
                first >= 0 ? first : noTimestamps + 1, Collections.unmodifiableMap(languages));
    }

    private static int required(BpeTokenizer tokenizer, String token) {
        int id = tokenizer.special(token);
        if (id < 0) {
            throw new IllegalArgumentException("the tokenizer has no " + token + " token");
        }
        return id;
    }

    public boolean multilingual() {
        return !languages.isEmpty();
    }

    /** The start-of-transcript sequence: sot, language, task (multilingual models); sot alone otherwise. */
    public List<Integer> sotSequence(String language, boolean translate) {
        List<Integer> seq = new ArrayList<>();
        seq.add(sot);
        if (multilingual()) {
            Integer lang = languages.get(language);
            if (lang == null) {
                throw new IllegalArgumentException("the model does not know language '" + language + "'");
            }
            seq.add(lang);
            seq.add(translate ? this.translate : transcribe);
        }
        return seq;
    }

    /**
     * openai/whisper's suppression set for {@code suppress_tokens="-1"}: the non-speech symbols,
     * then the task and start tokens and no-speech.
     */
    public int[] suppressTokens(BpeTokenizer tokenizer) {
        TreeSet<Integer> out = new TreeSet<>(nonSpeechTokens(tokenizer));
        out.add(transcribe);
        out.add(translate);
        out.add(sot);
        out.add(sotPrev);
        if (sotLm >= 0) {
            out.add(sotLm);
        }
        if (noSpeech >= 0) {
            out.add(noSpeech);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Tokens of speaker tags and non-speech annotations (♪, brackets...), as openai/whisper lists them. */
    static TreeSet<Integer> nonSpeechTokens(BpeTokenizer tokenizer) {
        List<String> symbols = new ArrayList<>();
        for (char c : "\"#()*+/:;<=>@[\\]^_`{|}~「」『』".toCharArray()) {
            symbols.add(String.valueOf(c));
        }
        symbols.addAll(List.of("<<", ">>", "<<<", ">>>", "--", "---", "-(", "-[", "('", "(\"", "((", "))", "(((",
                ")))", "[[", "]]", "{{", "}}", "♪♪", "♪♪♪"));
        List<String> misc = List.of("♩", "♪", "♫", "♬", "♭", "♮", "♯");
        TreeSet<Integer> result = new TreeSet<>();
        result.add(tokenizer.encode(" -").get(0));
        result.add(tokenizer.encode(" '").get(0));
        List<String> all = new ArrayList<>(symbols);
        all.addAll(misc);
        for (String symbol : all) {
            for (List<Integer> tokens : List.of(tokenizer.encode(symbol), tokenizer.encode(" " + symbol))) {
                if (tokens.size() == 1 || misc.contains(symbol)) {
                    result.add(tokens.get(0));
                }
            }
        }
        return result;
    }
}
