package org.audiomesh.transcription.transcript;

import java.util.ArrayList;
import java.util.List;

/**
 * Breaks a segment's words into display lines of at most {@code maxChars} characters (words
 * joined by single spaces; a longer single word gets a line of its own), and lines into cues
 * of at most {@code maxLines}. Lines never cross a segment boundary, so a speaker change or a
 * long pause always starts a new line.
 */
public final class LineBreaker {
    /** Subtitle convention (Netflix, BBC): 42 characters per line, 2 lines per cue. */
    public static final int SUBTITLE_CHARS = 42;
    public static final int SUBTITLE_LINES = 2;

    /** Words shown together; start and end in seconds. */
    public record Line(List<Word> words) {
        public double start() {
            return words.get(0).start();
        }

        public double end() {
            return words.get(words.size() - 1).end();
        }

        /** The words joined by spaces, each passed through {@code escape}. */
        public String text(java.util.function.UnaryOperator<String> escape) {
            StringBuilder b = new StringBuilder();
            for (Word w : words) {
                if (!b.isEmpty()) {
                    b.append(' ');
                }
                b.append(escape.apply(w.word()));
            }
            return b.toString();
        }
    }

    /** Lines shown at once. */
    public record Cue(List<Line> lines, String speaker) {
        public double start() {
            return lines.get(0).start();
        }

        public double end() {
            return lines.get(lines.size() - 1).end();
        }
    }

    private LineBreaker() {
    }

    public static List<Line> lines(Segment segment, int maxChars) {
        List<Line> lines = new ArrayList<>();
        List<Word> current = new ArrayList<>();
        int length = 0;
        for (Word w : segment.words()) {
            int add = (current.isEmpty() ? 0 : 1) + w.word().length();
            if (!current.isEmpty() && length + add > maxChars) {
                lines.add(new Line(List.copyOf(current)));
                current.clear();
                length = 0;
                add = w.word().length();
            }
            current.add(w);
            length += add;
        }
        if (!current.isEmpty()) {
            lines.add(new Line(List.copyOf(current)));
        }
        return lines;
    }

    public static List<Cue> cues(Transcript transcript, int maxChars, int maxLines) {
        List<Cue> cues = new ArrayList<>();
        for (Segment s : transcript.segments()) {
            List<Line> lines = lines(s, maxChars);
            for (int i = 0; i < lines.size(); i += maxLines) {
                cues.add(new Cue(lines.subList(i, Math.min(lines.size(), i + maxLines)), s.speaker()));
            }
        }
        return cues;
    }

    /** Whether cues should name their speaker: only when more than one speaker is known. */
    public static boolean namesSpeakers(Transcript transcript) {
        return transcript.speakers().stream().filter(s -> !Segment.UNKNOWN_SPEAKER.equals(s)).count() > 1;
    }
}
