package org.audiomesh.transcription.transcript;

import java.util.List;

/**
 * A transcript with a known rendering: two speakers, characters each format has to escape, a
 * segment too long for one cue, and a word past one hour.
 */
final class KnownTranscript {
    private KnownTranscript() {
    }

    static Transcript twoSpeakers() {
        Segment greeting = Segment.of(0, "Speaker 1", List.of(
                new Word("Hello,", 0.5, 0.9, 0.9), new Word("world!", 1.0, 1.456, 0.8)));
        String[] texts = {"Rock", "&", "roll", "<loud>", "{brace}", "[tag]", "back\\slash", "-->", "and", "a", "very",
                "long", "line", "that", "keeps", "going", "past", "the", "limit", "of", "two", "lines", "for", "sure"};
        double[] starts = {2.0, 2.3, 2.4, 2.9, 3.4, 3.9, 4.3, 5.0, 5.2, 5.4, 5.5, 5.8, 6.1, 6.4, 6.6, 6.9, 7.2, 7.5,
                7.6, 8.0, 8.1, 8.3, 8.7, 8.9};
        double[] ends = {2.3, 2.4, 2.8, 3.3, 3.8, 4.2, 4.9, 5.1, 5.4, 5.5, 5.8, 6.1, 6.4, 6.6, 6.9, 7.2, 7.5, 7.6, 8.0,
                8.1, 8.3, 8.7, 8.9, 9.3};
        Word[] words = new Word[texts.length];
        for (int i = 0; i < texts.length; i++) {
            words[i] = new Word(texts[i], starts[i], ends[i], 0.5);
        }
        Segment long_ = Segment.of(1, "Speaker 2", List.of(words));
        Segment late = Segment.of(2, "Speaker 1", List.of(new Word("late", 3725.004, 3726.996, 0.7)));
        return Transcript.of("en", 3727.0, "test-engine", List.of(greeting, long_, late));
    }

    static Transcript oneSpeaker() {
        return Transcript.of("en", 3.0, "test-engine", List.of(Segment.of(0, "Speaker 1", List.of(
                new Word("just", 0.25, 0.5, 0.9), new Word("one", 0.6, 0.95, 0.9)))));
    }
}
