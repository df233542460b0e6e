package org.audiomesh.transcription.engine;

import org.audiomesh.transcription.transcript.Word;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses what {@code pocketsphinx_continuous -infile FILE -time yes} (PocketSphinx
 * 5prealpha, the version Debian 12 ships) prints on standard output: per utterance, one line
 * with the hypothesis, then one line per word {@code word start end posterior}, times in seconds
 * from the start of the file and the posterior a probability (it can exceed 1 by rounding in the
 * log domain, so it is clamped). Alternative pronunciations carry a suffix, {@code was(2)}.
 * Fillers ({@code <s>}, {@code </s>}, {@code <sil>}, {@code [NOISE]}, {@code ++BREATH++}...)
 * are not words and are dropped.
 */
public final class PocketSphinxOutput {
    private static final Pattern WORD_LINE = Pattern.compile(
            "^(\\S+) (\\d+(?:\\.\\d+)?) (\\d+(?:\\.\\d+)?) (-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)$");
    private static final Pattern ALTERNATIVE = Pattern.compile("\\(\\d+\\)$");

    private PocketSphinxOutput() {
    }

    /** Words of all utterances in time order. */
    public static List<Word> parse(String stdout) {
        List<Word> words = new ArrayList<>();
        for (String line : stdout.split("\r?\n")) {
            var m = WORD_LINE.matcher(line.strip());
            if (!m.matches()) {
                continue; // a hypothesis line or an empty utterance
            }
            String token = m.group(1);
            if (isFiller(token)) {
                continue;
            }
            double start = Double.parseDouble(m.group(2));
            double end = Double.parseDouble(m.group(3));
            double posterior = Double.parseDouble(m.group(4));
            words.add(new Word(ALTERNATIVE.matcher(token).replaceFirst(""), start, Math.max(start, end), posterior));
        }
        return words;
    }

    static boolean isFiller(String token) {
        return token.startsWith("<") || token.startsWith("[") || token.startsWith("++");
    }
}
