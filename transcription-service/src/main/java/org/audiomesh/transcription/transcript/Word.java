package org.audiomesh.transcription.transcript;

/**
 * One recognised (or aligned) word.
 *
 * @param word        the word as displayed, without surrounding spaces
 * @param start       onset in seconds from the start of the input
 * @param end         offset in seconds from the start of the input, {@code >= start}
 * @param probability the engine's confidence in the word, 0..1 (PocketSphinx: the word's lattice
 *                    posterior; 0 for a known lyric word whose time was interpolated)
 */
public record Word(String word, double start, double end, double probability) {
    public Word {
        if (word == null || word.isBlank()) {
            throw new IllegalArgumentException("a word needs text");
        }
        if (!(start >= 0) || !(end >= start)) {
            throw new IllegalArgumentException("need 0 <= start <= end: " + start + ".." + end);
        }
        start = millis(start);
        end = millis(end);
        probability = Math.round(Math.max(0, Math.min(1, probability)) * 1000) / 1000.0;
    }

    /** The same word at other times. */
    public Word at(double newStart, double newEnd) {
        return new Word(word, newStart, newEnd, probability);
    }

    /** Seconds rounded to the millisecond, the resolution every output format carries at most. */
    static double millis(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
