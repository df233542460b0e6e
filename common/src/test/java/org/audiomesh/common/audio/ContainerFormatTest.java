package org.audiomesh.common.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContainerFormatTest {
    @TempDir
    Path dir;

    @Test
    void riffWaveAndRf64AreWav() {
        assertEquals(ContainerFormat.WAV, sniff(ascii("RIFF\0\0\0\0WAVEfmt ")));
        assertEquals(ContainerFormat.WAV, sniff(ascii("RF64\377\377\377\377WAVEds64")));
    }

    @Test
    void otherRiffFormsAreUnknown() {
        assertEquals(ContainerFormat.UNKNOWN, sniff(ascii("RIFF\0\0\0\0AVI LIST")));
    }

    @Test
    void textIsUnknown() {
        assertEquals(ContainerFormat.UNKNOWN, sniff(ascii("Hello, this is a plain text file.\n")));
    }

    @Test
    void pngHeaderIsUnknown() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertEquals(ContainerFormat.UNKNOWN, sniff(png));
    }

    @Test
    void inputsShorterThanAnyMagicNumberAreUnknown() {
        assertEquals(ContainerFormat.UNKNOWN, ContainerFormat.sniff(new byte[0], 0));
        assertEquals(ContainerFormat.UNKNOWN, sniff(ascii("fLa")));
        assertEquals(ContainerFormat.UNKNOWN, ContainerFormat.sniff(ascii("RIFF\0\0\0\0WAVE"), 11));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "MPEG-1 layer 3 128 kbit/s 44.1 kHz, FF FB 90 64, MP3",
            "MPEG-2 layer 3 64 kbit/s 22.05 kHz, FF F3 80 C4, MP3",
            "MPEG-1 layer 2, FF FD 90 64, MP3",
            "AAC ADTS (layer bits 00), FF F1 50 80, UNKNOWN",
            "reserved MPEG version, FF EB 90 64, UNKNOWN",
            "bad bitrate index, FF FB F0 64, UNKNOWN",
            "reserved sample rate, FF FB 9C 64, UNKNOWN",
            "no sync, FF 7B 90 64, UNKNOWN"})
    void mpegFrameHeaderIsRecognisedOnlyWhenValid(String name, String hex, ContainerFormat expected) {
        assertEquals(expected, sniff(hex(hex)), name);
    }

    @Test
    void id3TagIsMp3UnlessFlacFollowsIt() {
        byte[] id3ThenFlac = concat(hex("49 44 33 03 00 00 00 00 00 04"), new byte[4], ascii("fLaC"));
        byte[] id3ThenFrame = concat(hex("49 44 33 03 00 00 00 00 00 04"), new byte[4], hex("FF FB 90 64"));
        byte[] longId3 = concat(hex("49 44 33 04 00 00 00 01 00 00"), new byte[20]);

        assertEquals(ContainerFormat.FLAC, sniff(id3ThenFlac));
        assertEquals(ContainerFormat.MP3, sniff(id3ThenFrame));
        assertEquals(ContainerFormat.MP3, sniff(longId3));
    }

    @Test
    void extensionsAndContentTypesAreTheUsualOnes() {
        assertEquals("audio/wav", ContainerFormat.WAV.contentType());
        assertEquals("audio/mpeg", ContainerFormat.MP3.contentType());
        assertEquals("audio/flac", ContainerFormat.FLAC.contentType());
        assertEquals("audio/ogg", ContainerFormat.OGG.contentType());
        assertEquals("audio/mp4", ContainerFormat.MP4.contentType());
        assertEquals("m4a", ContainerFormat.MP4.extension());
        assertEquals("mp3", ContainerFormat.MP3.extension());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "mp3 with ID3 tag | a.mp3 | -c:a libmp3lame | MP3",
            "mp3 without tags | b.mp3 | -c:a libmp3lame -id3v2_version 0 -write_xing 0 | MP3",
            "flac | c.flac | -c:a flac | FLAC",
            "ogg vorbis | d.ogg | -c:a libvorbis | OGG",
            "ogg opus | e.opus | -c:a libopus | OGG",
            "m4a aac | f.m4a | -c:a aac | MP4",
            "wav | g.wav | -c:a pcm_s16le | WAV"})
    void filesEncodedByFfmpegAreRecognised(String name, String fileName, String options, ContainerFormat expected)
            throws Exception {
        Ffmpeg.requireInstalled();
        Path wav = dir.resolve("src.wav");
        WavWriter.write(wav, new AudioBuffer(48000, new float[][] {Signals.sine(48000, 440, 24000, 0.5)}),
                SampleEncoding.PCM_S16);
        Path file = Ffmpeg.encode(wav, dir.resolve(fileName), options.trim().split(" "));

        byte[] head = Files.readAllBytes(file);
        assertEquals(expected, ContainerFormat.sniff(head, Math.min(head.length, ContainerFormat.SNIFF_BYTES)));
        assertEquals(expected, ContainerFormat.sniff(file));
    }

    private static ContainerFormat sniff(byte[] head) {
        return ContainerFormat.sniff(head, head.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] hex(String s) {
        String[] parts = s.trim().split(" ");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
