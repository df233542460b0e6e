package org.audiomesh.transcription.transcript;

/**
 * Enhanced LRC ({@code lyrics.lrc}, the "A2" word-time extension): header tags, then one line per
 * display line of at most {@link #LINE_CHARS} characters, {@code [mm:ss.xx]} at the line's
 * first word, {@code <mm:ss.xx>} before every word and once more after the last word (its end).
 * Brackets in words would open a tag, so {@code [}/{@code <} become {@code (} and {@code ]}/
 * {@code >} become {@code )}.
 */
public final class LrcFormat implements TranscriptFormat {
    /** Karaoke screens show short lines. */
    public static final int LINE_CHARS = 42;

    @Override
    public String fileName() {
        return "lyrics.lrc";
    }

    @Override
    public String render(Transcript transcript) {
        StringBuilder b = new StringBuilder();
        b.append("[re:audiomesh ").append(transcript.engine()).append("]\n");
        b.append("[length:").append(TimeFormat.lrcLength(transcript.duration())).append("]\n");
        for (Segment s : transcript.segments()) {
            for (LineBreaker.Line line : LineBreaker.lines(s, LINE_CHARS)) {
                b.append('[').append(TimeFormat.lrc(line.start())).append(']');
                for (Word w : line.words()) {
                    b.append('<').append(TimeFormat.lrc(w.start())).append('>').append(escape(w.word())).append(' ');
                }
                b.append('<').append(TimeFormat.lrc(line.end())).append(">\n");
            }
        }
        return b.toString();
    }

    static String escape(String word) {
        return word.replace('[', '(').replace('<', '(').replace(']', ')').replace('>', ')');
    }
}
