package org.audiomesh.transcription.transcript;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SubRip and WebVTT renderings of known transcripts, character for character. */
class SubtitleFormatsTest {

    @Test
    void srtNumbersCuesBreaksLinesAt42CharactersNamesSpeakersAndDefusesArrows() {
        assertEquals("""
                1
                00:00:00,500 --> 00:00:01,456
                Speaker 1: Hello, world!

                2
                00:00:02,000 --> 00:00:06,600
                Speaker 2: Rock & roll <loud> {brace} [tag]
                back\\slash -> and a very long line that

                3
                00:00:06,600 --> 00:00:09,300
                Speaker 2: keeps going past the limit of two lines
                for sure

                4
                01:02:05,004 --> 01:02:06,996
                Speaker 1: late

                """, new SrtFormat().render(KnownTranscript.twoSpeakers()));
    }

    @Test
    void vttHasTheHeaderVoiceSpansAndCharacterReferences() {
        assertEquals("""
                WEBVTT

                1
                00:00:00.500 --> 00:00:01.456
                <v Speaker 1>Hello, world!

                2
                00:00:02.000 --> 00:00:06.600
                <v Speaker 2>Rock &amp; roll &lt;loud&gt; {brace} [tag]
                back\\slash --&gt; and a very long line that

                3
                00:00:06.600 --> 00:00:09.300
                <v Speaker 2>keeps going past the limit of two lines
                for sure

                4
                01:02:05.004 --> 01:02:06.996
                <v Speaker 1>late

                """, new VttFormat().render(KnownTranscript.twoSpeakers()));
    }

    @Test
    void withOneSpeakerNoCueNamesIt() {
        assertEquals("1\n00:00:00,250 --> 00:00:00,950\njust one\n\n",
                new SrtFormat().render(KnownTranscript.oneSpeaker()));
        assertEquals("WEBVTT\n\n1\n00:00:00.250 --> 00:00:00.950\njust one\n\n",
                new VttFormat().render(KnownTranscript.oneSpeaker()));
    }

    @Test
    void timestampsRoundBeforeTheyCarryIntoTheNextUnit() {
        assertEquals("00:01:00,000", TimeFormat.srt(59.9996));
        assertEquals("00:00:59.999", TimeFormat.vtt(59.9994));
        assertEquals("01:00.00", TimeFormat.lrc(59.996));
        assertEquals("0:01:00.00", TimeFormat.ass(59.996));
        assertEquals("100:00.00", TimeFormat.lrc(6000));
        assertEquals("1:40:00.00", TimeFormat.ass(6000));
    }
}
