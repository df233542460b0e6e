package org.audiomesh.transcription.transcript;

import java.util.List;

/**
 * A run of words by one speaker without a long pause (free transcription), or one line of known
 * lyrics (lyrics alignment).
 *
 * @param id      0-based position in the transcript
 * @param start   seconds, the first word's onset
 * @param end     seconds, the last word's offset
 * @param text    the words joined by single spaces
 * @param speaker {@code Speaker 1}, {@code Speaker 2}, ... or {@value #UNKNOWN_SPEAKER}
 * @param words   in time order, at least one
 */
public record Segment(int id, double start, double end, String text, String speaker, List<Word> words) {
    public static final String UNKNOWN_SPEAKER = "Unknown Speaker";

    public Segment {
        words = List.copyOf(words);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a segment needs words");
        }
    }

    /** A segment spanning its words, with their text joined by spaces. */
    public static Segment of(int id, String speaker, List<Word> words) {
        StringBuilder text = new StringBuilder();
        for (Word w : words) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(w.word());
        }
        return new Segment(id, words.get(0).start(), words.get(words.size() - 1).end(), text.toString(), speaker,
                words);
    }
}
