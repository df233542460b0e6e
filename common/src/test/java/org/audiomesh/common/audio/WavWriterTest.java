package org.audiomesh.common.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WavWriterTest {
    @TempDir
    Path dir;

    @Test
    void streamingWriterPatchesRiffAndDataSizesOnClose() throws IOException {
        Path file = dir.resolve("s.wav");
        float[] chunk = Signals.interleave(Signals.sine(16000, 440, 1000, 0.5), Signals.sine(16000, 880, 1000, 0.5));
        try (WavWriter w = WavWriter.create(file, 16000, 2, SampleEncoding.PCM_S16)) {
            for (int i = 0; i < 3; i++) {
                w.write(chunk, 1000);
            }
            assertEquals(3000, w.frames());
        }

        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(44 + 3000 * 4, b.capacity(), "plain 44-byte header + data");
        assertEquals(b.capacity() - 8, b.getInt(4), "RIFF size");
        assertEquals(3000 * 4, b.getInt(40), "data size");
        assertEquals(new AudioFormat(16000, 2, 3000), WavReader.probe(file));
    }

    @Test
    void oddSizedDataChunkIsPaddedToAnEvenLength() throws IOException {
        Path file = dir.resolve("odd.wav");
        try (WavWriter w = WavWriter.create(file, 8000, 1, SampleEncoding.PCM_U8)) {
            w.write(new float[] {0f, 0.5f, -0.5f}, 3);
        }

        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, bytes.length % 2);
        assertEquals(3, b.getInt(40), "data size excludes the pad byte");
        assertEquals(bytes.length - 8, b.getInt(4), "RIFF size includes it");
        assertArrayEquals(new float[] {0f, 0.5f, -0.5f}, WavReaderTest.readAll(WavReader.open(file), 10));
    }

    @Test
    void outOfRangeSamplesAreClippedAndNanBecomesSilence() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WavWriter w = WavWriter.create(out, 8000, 1, SampleEncoding.PCM_S16, false, 4)) {
            w.write(new float[] {2f, -3f, Float.NaN, 0.25f}, 4);
        }

        float[] read = WavReaderTest.readAll(WavReader.open(new ByteArrayInputStream(out.toByteArray())), 10);

        assertArrayEquals(new float[] {32767 / 32768f, -1f, 0f, 0.25f}, read);
    }

    @Test
    void streamOfUnknownLengthIsReadToItsEnd() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        float[] samples = Signals.sine(8000, 300, 5000, 0.7);
        try (WavWriter w = WavWriter.create(out, 8000, 1, SampleEncoding.FLOAT32, false, -1)) {
            w.write(samples, 2000);
            w.write(Arrays.copyOfRange(samples, 2000, 5000), 3000);
        }

        ByteBuffer b = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(-1, b.getInt(4), "RIFF size says 'unknown'");
        assertArrayEquals(samples, WavReaderTest.readAll(WavReader.open(new ByteArrayInputStream(out.toByteArray())),
                777));
    }

    @Test
    void planarBufferIsWrittenInterleaved() throws IOException {
        float[] left = Signals.sine(22050, 100, 70_000, 0.5);
        float[] right = Signals.sine(22050, 1000, 70_000, 0.25);
        Path file = dir.resolve("b.wav");

        WavWriter.write(file, new AudioBuffer(22050, new float[][] {left, right}), SampleEncoding.FLOAT32);

        AudioBuffer back = AudioFiles.readAll(WavReader.open(file));
        assertArrayEquals(left, back.samples()[0]);
        assertArrayEquals(right, back.samples()[1]);
    }

    @ParameterizedTest
    @EnumSource(SampleEncoding.class)
    void ffmpegDecodesWhatWeWrite(SampleEncoding enc) throws Exception {
        Ffmpeg.requireInstalled();
        float[] samples = Signals.interleave(Signals.sine(44100, 440, 4410, 0.8), Signals.sine(44100, 660, 4410, -0.6),
                Signals.sine(44100, 990, 4410, 0.4));
        for (boolean extensible : new boolean[] {false, true}) {
            Path file = dir.resolve(enc + "-" + extensible + ".wav");
            try (WavWriter w = WavWriter.create(file, 44100, 3, enc, extensible)) {
                w.write(samples, 4410);
            }

            float[] decoded;
            try (FfmpegDecoder f = FfmpegDecoder.open(file)) {
                assertEquals(new AudioFormat(44100, 3, 4410), f.format());
                decoded = WavReaderTest.readAll(f, 1000);
            }
            assertEquals(samples.length, decoded.length);
            float tolerance = enc == SampleEncoding.PCM_U8 ? 0.5f / 128 : enc == SampleEncoding.PCM_S16 ? 0.5f / 32768
                    : 1e-6f;
            for (int i = 0; i < samples.length; i++) {
                assertEquals(samples[i], decoded[i], tolerance, enc + " extensible=" + extensible + " sample " + i);
            }
        }
    }

    @Test
    void streamingCopyOfASourceWritesEveryFrame() throws IOException {
        float[] mono = Signals.sine(16000, 250, 12_345, 0.5);
        Path file = dir.resolve("copy.wav");

        long frames = WavWriter.write(file, AudioFiles.of(new AudioBuffer(16000, new float[][] {mono})),
                SampleEncoding.FLOAT32);

        assertEquals(12_345, frames);
        assertArrayEquals(mono, WavReaderTest.readAll(WavReader.open(file), 1000));
        assertTrue(Files.size(file) > 12_345 * 4);
    }
}
