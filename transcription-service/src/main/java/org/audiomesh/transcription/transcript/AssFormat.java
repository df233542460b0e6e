package org.audiomesh.transcription.transcript;

import java.util.List;

/**
 * Advanced SubStation Alpha karaoke ({@code lyrics.ass}): one {@code Dialogue} event per display
 * line of at most {@link LrcFormat#LINE_CHARS} characters, each word preceded by
 * {@code {\kN}} where N is in centiseconds. Word i's tag lasts from its onset to word i+1's
 * onset (so a pause belongs to the word before it) and the last word's until its end, all
 * computed from times rounded to centiseconds, so the tags add up exactly to the event's
 * duration and every word lights up at its own onset. The speaker is the event's Name.
 * Override braces and backslashes in words would be read as tags, so {@code {}} become
 * {@code ()} and {@code \} becomes {@code /}.
 */
public final class AssFormat implements TranscriptFormat {
    static final String HEADER = """
            [Script Info]
            ; written by audiomesh transcription-service
            ScriptType: v4.00+
            PlayResX: 1280
            PlayResY: 720
            WrapStyle: 2
            ScaledBorderAndShadow: yes

            [V4+ Styles]
            Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, \
            Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, \
            Alignment, MarginL, MarginR, MarginV, Encoding
            Style: Karaoke,Arial,48,&H0000D7FF,&H00FFFFFF,&H00000000,&H80000000,-1,0,0,0,100,100,0,0,1,3,0,2,40,40,48,1

            [Events]
            Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
            """;

    @Override
    public String fileName() {
        return "lyrics.ass";
    }

    @Override
    public String render(Transcript transcript) {
        StringBuilder b = new StringBuilder(HEADER);
        for (Segment s : transcript.segments()) {
            for (LineBreaker.Line line : LineBreaker.lines(s, LrcFormat.LINE_CHARS)) {
                List<Word> words = line.words();
                long startCs = TimeFormat.centiseconds(line.start());
                long endCs = Math.max(startCs, TimeFormat.centiseconds(line.end()));
                b.append("Dialogue: 0,").append(TimeFormat.ass(startCs / 100.0)).append(',')
                        .append(TimeFormat.ass(endCs / 100.0)).append(",Karaoke,")
                        .append(s.speaker().replace(',', ' ')).append(",0,0,0,,");
                for (int i = 0; i < words.size(); i++) {
                    long from = TimeFormat.centiseconds(words.get(i).start());
                    long to = i + 1 < words.size() ? TimeFormat.centiseconds(words.get(i + 1).start()) : endCs;
                    if (i > 0) {
                        b.append(' ');
                    }
                    b.append("{\\k").append(Math.max(0, to - from)).append('}').append(escape(words.get(i).word()));
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    static String escape(String word) {
        return word.replace('{', '(').replace('}', ')').replace('\\', '/');
    }
}
