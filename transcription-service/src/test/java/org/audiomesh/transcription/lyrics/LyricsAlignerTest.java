package org.audiomesh.transcription.lyrics;

import org.audiomesh.transcription.transcript.Word;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LyricsAlignerTest {

    private static Word w(String text, double start, double end) {
        return new Word(text, start, end, 0.9);
    }

    private static List<Word> all(LyricsAligner.Alignment a) {
        List<Word> out = new ArrayList<>();
        a.lines().forEach(l -> out.addAll(l.words()));
        return out;
    }

    @Test
    void knownWordsTakeTheTimesOfTheWordsHeardForThemAndKeepTheirSpellingAndLines() {
        // what PocketSphinx heard for "he was not an ill disposed young man" (librivox 0880)
        List<Word> heard = List.of(w("he", 0.21, 0.32), w("was", 0.33, 0.54), w("not", 0.55, 0.97),
                w("an", 1.11, 1.29), w("illness", 1.3, 1.68), w("those", 1.69, 2.04), w("young", 2.05, 2.32),
                w("man", 2.33, 2.79));
        LyricsAligner.Alignment a = LyricsAligner.align("He was not an ill-disposed\nyoung man.", heard, 3.0);

        assertEquals(2, a.lines().size());
        assertEquals(List.of("He", "was", "not", "an", "ill-disposed"),
                a.lines().get(0).words().stream().map(Word::word).toList());
        assertEquals(List.of("young", "man."), a.lines().get(1).words().stream().map(Word::word).toList());
        assertEquals(6, a.matched());
        assertEquals(1, a.substituted());
        assertEquals(0, a.interpolated());
        Word illDisposed = a.lines().get(0).words().get(4);
        assertEquals(1.3, illDisposed.start());
        assertEquals(1.68, illDisposed.end());
        assertEquals(2.05, a.lines().get(1).words().get(0).start());
        assertEquals(0.9, a.lines().get(1).words().get(0).probability());
        // a substitution is trusted less than a match
        assertEquals(true, illDisposed.probability() < 0.9);
    }

    @Test
    void missedWordsShareTheGapBetweenTheirNeighboursByLength() {
        LyricsAligner.Alignment a = LyricsAligner.align("one two three four five",
                List.of(w("one", 1.0, 1.3), w("five", 3.0, 3.4)), 10);
        List<Word> words = all(a);
        assertEquals(3, a.interpolated());
        // 1.7 s for 3 + 5 + 4 characters
        assertEquals(1.3, words.get(1).start(), 1e-3);
        assertEquals(1.725, words.get(1).end(), 1e-3);
        assertEquals(2.433, words.get(2).end(), 1e-3);
        assertEquals(3.0, words.get(3).end(), 1e-3);
        assertEquals(0.0, words.get(2).probability());
    }

    @Test
    void missedWordsAtTheEdgesTakeTheMeanWordLengthOutsideTheAlignedOnes() {
        LyricsAligner.Alignment a = LyricsAligner.align("intro one five outro",
                List.of(w("one", 1.0, 1.3), w("five", 3.0, 3.4)), 10);
        List<Word> words = all(a);
        assertEquals(0.65, words.get(0).start(), 1e-3);
        assertEquals(1.0, words.get(0).end(), 1e-3);
        assertEquals(3.4, words.get(3).start(), 1e-3);
        assertEquals(3.75, words.get(3).end(), 1e-3);
    }

    @Test
    void aGapTooShortForTheMissedWordIsSharedWithTheWordBefore() {
        LyricsAligner.Alignment a = LyricsAligner.align("one two five",
                List.of(w("one", 1.0, 1.3), w("five", 1.32, 1.6)), 10);
        List<Word> words = all(a);
        assertEquals(1.0, words.get(0).start(), 1e-3);
        assertEquals(1.16, words.get(0).end(), 1e-3);
        assertEquals(1.16, words.get(1).start(), 1e-3);
        assertEquals(1.32, words.get(1).end(), 1e-3);
        assertEquals(1.32, words.get(2).start(), 1e-3);
    }

    @Test
    void withNothingHeardTheLyricsSpreadOverTheRecording() {
        LyricsAligner.Alignment a = LyricsAligner.align("la la\nlaa", List.of(), 8);
        List<Word> words = all(a);
        assertEquals(2, a.lines().size());
        assertEquals(0.0, words.get(0).start());
        assertEquals(8.0, words.get(2).end(), 1e-3);
        assertEquals(3, a.interpolated());
    }

    @Test
    void extraWordsHeardAreDroppedAndBlankLinesIgnored() {
        LyricsAligner.Alignment a = LyricsAligner.align("\n  hold on  \n\n",
                List.of(w("um", 0.1, 0.2), w("hold", 0.5, 0.8), w("uh", 0.85, 0.9), w("on", 1.0, 1.2)), 2);
        assertEquals(1, a.lines().size());
        assertEquals(List.of(w("hold", 0.5, 0.8), w("on", 1.0, 1.2)), a.lines().get(0).words());
    }

    @Test
    void wordsCompareWithoutCaseAccentsOrPunctuation() {
        assertEquals("cafe", LyricsAligner.key("Café!"));
        assertEquals("don't", LyricsAligner.key("Don\u2019t,"));
        assertEquals(0.0, LyricsAligner.substitution("cafe", "cafe"));
        assertEquals(0.1 + 1.8 * 0.25, LyricsAligner.substitution("cafe", "safe"), 1e-9);
    }
}
