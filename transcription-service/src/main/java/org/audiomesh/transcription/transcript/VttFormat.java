package org.audiomesh.transcription.transcript;

/**
 * WebVTT ({@code transcript.vtt}): the {@code WEBVTT} header, then numbered cues
 * {@code HH:MM:SS.mmm --> HH:MM:SS.mmm} of at most 2 lines of 42 characters. With more than one
 * known speaker, each cue carries a voice span {@code <v Speaker N>}. {@code &}, {@code <} and
 * {@code >} are written as character references, as the WebVTT cue text syntax requires.
 */
public final class VttFormat implements TranscriptFormat {
    @Override
    public String fileName() {
        return "transcript.vtt";
    }

    @Override
    public String render(Transcript transcript) {
        StringBuilder b = new StringBuilder("WEBVTT\n\n");
        boolean names = LineBreaker.namesSpeakers(transcript);
        int n = 1;
        for (LineBreaker.Cue cue : LineBreaker.cues(transcript, LineBreaker.SUBTITLE_CHARS, LineBreaker.SUBTITLE_LINES)) {
            b.append(n++).append('\n');
            b.append(TimeFormat.vtt(cue.start())).append(" --> ").append(TimeFormat.vtt(cue.end())).append('\n');
            if (names) {
                b.append("<v ").append(escape(cue.speaker())).append('>');
            }
            for (int i = 0; i < cue.lines().size(); i++) {
                b.append(cue.lines().get(i).text(VttFormat::escape)).append('\n');
            }
            b.append('\n');
        }
        return b.toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
