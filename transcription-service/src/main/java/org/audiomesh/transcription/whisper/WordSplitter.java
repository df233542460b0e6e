package org.audiomesh.transcription.whisper;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Groups tokens into words as openai/whisper's {@code split_to_word_tokens}: first into pieces
 * that decode to whole characters, then, except for languages written without spaces, pieces
 * are joined into the previous word unless they start with a space, are punctuation or special.
 */
final class WordSplitter {
    private static final Set<String> NO_SPACES = Set.of("zh", "ja", "th", "lo", "my", "yue");
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /** Words (with their leading space) and the tokens of each. */
    record Split(List<String> words, List<List<Integer>> tokens) {
    }

    private WordSplitter() {
    }

    static Split split(BpeTokenizer tokenizer, WhisperVocabulary vocabulary, List<Integer> tokens, String language) {
        Split unicode = onUnicode(tokenizer, tokens);
        if (language != null && NO_SPACES.contains(language)) {
            return unicode;
        }
        List<String> words = new ArrayList<>();
        List<List<Integer>> wordTokens = new ArrayList<>();
        for (int k = 0; k < unicode.words().size(); k++) {
            String sub = unicode.words().get(k);
            List<Integer> subTokens = unicode.tokens().get(k);
            boolean special = subTokens.get(0) >= vocabulary.eot();
            boolean withSpace = sub.startsWith(" ");
            String stripped = sub.strip();
            boolean punctuation = PUNCTUATION.contains(stripped); // a substring, as Python's `in`
            if (special || withSpace || punctuation || words.isEmpty()) {
                words.add(sub);
                wordTokens.add(new ArrayList<>(subTokens));
            } else {
                words.set(words.size() - 1, words.get(words.size() - 1) + sub);
                wordTokens.get(wordTokens.size() - 1).addAll(subTokens);
            }
        }
        return new Split(words, wordTokens);
    }

    private static Split onUnicode(BpeTokenizer tokenizer, List<Integer> tokens) {
        String full = tokenizer.decode(tokens);
        List<String> words = new ArrayList<>();
        List<List<Integer>> wordTokens = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int offset = 0;
        for (int t : tokens) {
            current.add(t);
            String decoded = tokenizer.decode(current);
            int bad = decoded.indexOf('\uFFFD');
            if (bad < 0 || (offset + bad < full.length() && full.charAt(offset + bad) == '\uFFFD')) {
                words.add(decoded);
                wordTokens.add(current);
                current = new ArrayList<>();
                offset += decoded.length();
            }
        }
        return new Split(words, wordTokens);
    }
}
