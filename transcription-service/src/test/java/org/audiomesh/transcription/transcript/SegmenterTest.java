package org.audiomesh.transcription.transcript;

import org.audiomesh.transcription.diarization.SpeakerTurn;
import org.audiomesh.transcription.diarization.SpeakerTurns;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SegmenterTest {
    private static Word w(String t, double s, double e) {
        return new Word(t, s, e, 1);
    }

    @Test
    void aLongPauseOrAChangeOfSpeakerStartsANewSegment() {
        SpeakerTurns turns = new SpeakerTurns(List.of(new SpeakerTurn(0, 3, "Speaker 1"),
                new SpeakerTurn(3, 9, "Speaker 2")));
        List<Word> words = List.of(w("a", 0.1, 0.4), w("b", 0.5, 0.9), // pause of 1.1 s follows
                w("c", 2.0, 2.3), w("d", 2.5, 2.95), // "e" follows at once, but it is Speaker 2's
                w("e", 3.1, 3.5));
        List<Segment> segments = Segmenter.segments(words, turns::speakerOf);
        assertEquals(List.of("a b", "c d", "e"), segments.stream().map(Segment::text).toList());
        assertEquals(List.of("Speaker 1", "Speaker 1", "Speaker 2"), segments.stream().map(Segment::speaker).toList());
        assertEquals(List.of(0, 1, 2), segments.stream().map(Segment::id).toList());
        assertEquals(2.0, segments.get(1).start());
        assertEquals(2.95, segments.get(1).end());
    }

    @Test
    void aSegmentNeverExceedsTwelveSeconds() {
        List<Word> words = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            words.add(w("w" + i, i * 0.5, i * 0.5 + 0.4));
        }
        List<Segment> segments = Segmenter.segments(words, (s, e) -> "Speaker 1");
        for (Segment s : segments) {
            assertEquals(true, s.end() - s.start() <= Segmenter.MAX_DURATION, s.toString());
        }
        assertEquals(2, segments.size());
    }

    @Test
    void wordsFarFromEveryTurnHaveAnUnknownSpeaker() {
        SpeakerTurns turns = new SpeakerTurns(List.of(new SpeakerTurn(0, 1, "Speaker 1")));
        assertEquals("Speaker 1", turns.speakerOf(1.5, 1.8));
        assertEquals(Segment.UNKNOWN_SPEAKER, turns.speakerOf(2.5, 2.8));
        assertEquals(Segment.UNKNOWN_SPEAKER, SpeakerTurns.unknown().speakerOf(0, 1));
    }
}
