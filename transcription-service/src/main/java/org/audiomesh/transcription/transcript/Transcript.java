package org.audiomesh.transcription.transcript;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code transcription/transcript.json} holds and what every subtitle and lyric format is
 * rendered from.
 *
 * @param language ISO 639-1 code of the transcribed language
 * @param text     all segments' text joined by single spaces
 * @param duration seconds of input audio
 * @param engine   name of the engine that produced the words
 * @param segments in time order
 */
public record Transcript(String language, String text, double duration, String engine, List<Segment> segments) {
    public Transcript {
        segments = List.copyOf(segments);
        duration = Word.millis(duration);
    }

    public static Transcript of(String language, double duration, String engine, List<Segment> segments) {
        StringBuilder text = new StringBuilder();
        for (Segment s : segments) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(s.text());
        }
        return new Transcript(language, text.toString(), duration, engine, segments);
    }

    /** Distinct speaker labels in order of first appearance. */
    public List<String> speakers() {
        Set<String> seen = new LinkedHashSet<>();
        for (Segment s : segments) {
            seen.add(s.speaker());
        }
        return List.copyOf(seen);
    }

    /** Number of words over all segments. */
    public int wordCount() {
        int n = 0;
        for (Segment s : segments) {
            n += s.words().size();
        }
        return n;
    }
}
