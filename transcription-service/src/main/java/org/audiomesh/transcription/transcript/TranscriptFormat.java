package org.audiomesh.transcription.transcript;

/** One downloadable rendering of a transcript (SubRip, WebVTT, LRC, ASS). */
public interface TranscriptFormat {

    /** Fixed file name in the job's {@code transcription/} folder, e.g. {@code transcript.srt}. */
    String fileName();

    /** The whole file as text (UTF-8 when written). */
    String render(Transcript transcript);
}
