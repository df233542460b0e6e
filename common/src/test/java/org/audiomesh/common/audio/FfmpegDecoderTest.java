package org.audiomesh.common.audio;

import static org.audiomesh.common.audio.WavReaderTest.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FfmpegDecoderTest {
    @TempDir
    Path dir;
    private Path sineWav;

    /** 2 s of a 440 Hz sine, stereo, 44.1 kHz, 16-bit. */
    @BeforeEach
    void writeSine() throws IOException {
        Ffmpeg.requireInstalled();
        float[] sine = Signals.sine(44100, 440, 88200, 0.5);
        sineWav = dir.resolve("sine.wav");
        WavWriter.write(sineWav, new AudioBuffer(44100, new float[][] {sine, sine}), SampleEncoding.PCM_S16);
    }

    @Test
    void mp3OfASineDecodesToItsRateChannelsDurationAndFrequency() throws Exception {
        Path mp3 = Ffmpeg.encode(sineWav, dir.resolve("sine.mp3"), "-c:a", "libmp3lame", "-b:a", "192k");

        AudioBuffer audio;
        try (FfmpegDecoder decoder = FfmpegDecoder.open(mp3)) {
            assertEquals(44100, decoder.format().sampleRate());
            assertEquals(2, decoder.format().channels());
            assertEquals(2.0, decoder.format().durationSeconds(), 0.05, "duration from ffprobe");
            audio = AudioFiles.readAll(decoder);
        }

        assertEquals(2.0, audio.durationSeconds(), 0.05, "decoded duration");
        float[] left = audio.samples()[0];
        assertEquals(440, Signals.zeroCrossingFrequency(left, 44100, 4410, left.length - 4410), 0.5);
        // lame itself lowers the level by about 0.3 dB
        assertEquals(0.5 / Math.sqrt(2), Signals.rms(left, 4410, left.length - 4410), 0.03, "level");
    }

    @Test
    void flacDecodesLosslessly() throws Exception {
        Path flac = Ffmpeg.encode(sineWav, dir.resolve("sine.flac"), "-c:a", "flac");

        float[] decoded = WavReaderTest.readAll(FfmpegDecoder.open(flac), 4096);

        assertArrayEquals(WavReaderTest.readAll(WavReader.open(sineWav), 4096), decoded);
    }

    @Test
    void rateAndChannelsAreConvertedWhenAsked() throws Exception {
        Path flac = Ffmpeg.encode(sineWav, dir.resolve("sine.flac"), "-c:a", "flac");

        AudioBuffer audio;
        try (FfmpegDecoder decoder = FfmpegDecoder.open(flac, 16000, 1)) {
            assertEquals(new AudioFormat(16000, 1, 32000), decoder.format());
            audio = AudioFiles.readAll(decoder);
        }

        assertEquals(32000, audio.frames(), 20);
        assertEquals(440, Signals.zeroCrossingFrequency(audio.samples()[0], 16000, 1600, 30000), 0.5);
    }

    @Test
    void probeDescribesTheFirstAudioStream() throws Exception {
        Path ogg = Ffmpeg.encode(sineWav, dir.resolve("sine.ogg"), "-c:a", "libvorbis");

        FfmpegDecoder.MediaInfo info = FfmpegDecoder.probe(ogg);

        assertEquals(44100, info.sampleRate());
        assertEquals(2, info.channels());
        assertEquals("vorbis", info.codec());
        assertEquals(2.0, info.durationSeconds(), 0.05);
    }

    @Test
    void corruptMp3IsCorruptAudioAndDoesNotHang() throws IOException {
        byte[] junk = new byte[50_000];
        new Random(7).nextBytes(junk);
        Path mp3 = dir.resolve("corrupt.mp3");
        Files.write(mp3, concat(new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0}, junk));

        ProcessingException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertFails(ErrorCode.CORRUPT_AUDIO, () -> AudioFiles.readAll(FfmpegDecoder.open(mp3))));
        assertFalse(e.getMessage().contains(dir.toString()), "no server path in: " + e.getMessage());
    }

    @Test
    void fileWithoutAnAudioStreamIsCorruptAudio() throws Exception {
        Path png = dir.resolve("image.png");
        Ffmpeg.run("-f", "lavfi", "-i", "color=c=red:s=16x16", "-frames:v", "1", png.toString());

        ProcessingException e = assertFails(ErrorCode.CORRUPT_AUDIO, () -> FfmpegDecoder.open(png));
        assertTrue(e.getMessage().contains("no audio stream"), e.getMessage());
    }

    @Test
    void missingFfmpegIsDecoderUnavailableWithAnInstallHint() {
        FfmpegDecoder.Tools missing = new FfmpegDecoder.Tools("/nonexistent/ffmpeg", "/nonexistent/ffprobe");

        assertFalse(missing.available());
        ProcessingException e = assertFails(ErrorCode.DECODER_UNAVAILABLE,
                () -> FfmpegDecoder.open(missing, sineWav, 0, 0));
        assertTrue(e.getMessage().contains("install ffmpeg"), e.getMessage());
    }

    @Test
    void closeMidStreamKillsFfmpegPromptly() throws Exception {
        Path flac = dir.resolve("long.flac");
        Ffmpeg.run("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=120", "-ac", "2", "-c:a",
                "flac", "-compression_level", "0", flac.toString());
        FfmpegDecoder decoder = FfmpegDecoder.open(flac);
        float[] chunk = new float[1024 * 2];
        assertEquals(1024, decoder.read(chunk, 1024), "ffmpeg fills the pipe faster than we read");

        long start = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(10), decoder::close);

        assertTrue((System.nanoTime() - start) / 1e9 < 5, "close took too long");
        assertFalse(decoder.running(), "ffmpeg still running after close");
        assertEquals(-1, decoder.read(chunk, 1024), "a closed decoder is at its end");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
