package org.audiomesh.transcription.transcript;

/**
 * SubRip ({@code transcript.srt}): numbered cues, {@code HH:MM:SS,mmm --> HH:MM:SS,mmm}, at most
 * 2 lines of 42 characters, a blank line after each cue, CRLF-free. With more than one known
 * speaker, a cue starts with {@code Speaker N: }. SubRip has no escape syntax; the one sequence
 * that could break a reader, {@code -->} in the text, is written as {@code ->}.
 */
public final class SrtFormat implements TranscriptFormat {
    @Override
    public String fileName() {
        return "transcript.srt";
    }

    @Override
    public String render(Transcript transcript) {
        StringBuilder b = new StringBuilder();
        boolean names = LineBreaker.namesSpeakers(transcript);
        int n = 1;
        for (LineBreaker.Cue cue : LineBreaker.cues(transcript, LineBreaker.SUBTITLE_CHARS, LineBreaker.SUBTITLE_LINES)) {
            b.append(n++).append('\n');
            b.append(TimeFormat.srt(cue.start())).append(" --> ").append(TimeFormat.srt(cue.end())).append('\n');
            if (names) {
                b.append(cue.speaker()).append(": ");
            }
            for (int i = 0; i < cue.lines().size(); i++) {
                b.append(cue.lines().get(i).text(SrtFormat::escape)).append('\n');
            }
            b.append('\n');
        }
        return b.toString();
    }

    static String escape(String word) {
        return word.replace("-->", "->");
    }
}
