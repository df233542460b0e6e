package org.audiomesh.common.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WavReaderTest {
    @TempDir
    Path dir;

    static Stream<Arguments> layouts() {
        List<Arguments> all = new ArrayList<>();
        for (SampleEncoding enc : SampleEncoding.values()) {
            for (int channels : new int[] {1, 2, 6}) {
                all.add(Arguments.of(enc, channels, false));
                all.add(Arguments.of(enc, channels, true));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, {1} channels, extensible={2}")
    @MethodSource("layouts")
    void everyEncodingAndLayoutReadsBackWithinQuantisationError(SampleEncoding enc, int channels,
                                                                boolean extensible) throws IOException {
        int frames = 3001; // odd: exercises the pad byte of 8-bit and 24-bit mono
        float[] written = testSignal(channels, frames);
        Path file = dir.resolve("t.wav");
        try (WavWriter w = WavWriter.create(file, 32000, channels, enc, extensible)) {
            w.write(written, frames);
        }

        float[] read;
        try (WavReader r = WavReader.open(file)) {
            assertEquals(new AudioFormat(32000, channels, frames), r.format());
            assertEquals(enc, r.encoding());
            read = readAll(r, 1000);
        }

        assertEquals(written.length, read.length);
        float tolerance = quantisationStep(enc) / 2 + 1e-7f;
        for (int i = 0; i < read.length; i++) {
            assertEquals(written[i], read[i], tolerance, "sample " + i);
        }
    }

    static Stream<Arguments> knownSamples() {
        return Stream.of(
                Arguments.of("u8", fmt(SampleEncoding.PCM_U8), new byte[] {0, (byte) 0x80, (byte) 0xFF, 0x40},
                        new float[] {-1f, 0f, 127 / 128f, -0.5f}),
                Arguments.of("s16", fmt(SampleEncoding.PCM_S16), RiffBuilder.pcm16(-32768, 16384, 32767, -1),
                        new float[] {-1f, 0.5f, 32767 / 32768f, -1 / 32768f}),
                Arguments.of("s24", fmt(SampleEncoding.PCM_S24),
                        new byte[] {0, 0, (byte) 0x80, 0, 0, 0x40, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 0, 0},
                        new float[] {-1f, 0.5f, -1 / 8388608f, 1 / 8388608f}),
                Arguments.of("s32", fmt(SampleEncoding.PCM_S32),
                        ints(0x80000000, 0x40000000, 0xC0000000, 0), new float[] {-1f, 0.5f, -0.5f, 0f}),
                Arguments.of("f32", fmt(SampleEncoding.FLOAT32),
                        ints(Float.floatToIntBits(0.25f), Float.floatToIntBits(-0.75f), Float.floatToIntBits(3f),
                                Float.floatToIntBits(Float.NaN)),
                        new float[] {0.25f, -0.75f, 1f, 0f}),
                Arguments.of("f64", fmt(SampleEncoding.FLOAT64), doubles(-0.125, 0.5, -2, 1e-3),
                        new float[] {-0.125f, 0.5f, -1f, 1e-3f}),
                Arguments.of("extensible s24 in 32-bit container",
                        RiffBuilder.wave().fmtExtensible(1, 1, 8000, 32, 24), ints(0x40000000, 0xFFFFFF00),
                        new float[] {0.5f, -1 / 8388608f}),
                Arguments.of("extensible float", RiffBuilder.wave().fmtExtensible(3, 1, 8000, 32, 32),
                        ints(Float.floatToIntBits(-0.5f)), new float[] {-0.5f}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("knownSamples")
    void handWrittenSamplesDecodeToTheirExactValues(String name, RiffBuilder header, byte[] data, float[] expected)
            throws IOException {
        byte[] wav = header.chunk("data", data).build();

        assertArrayEquals(expected, readAll(WavReader.open(new ByteArrayInputStream(wav)), 3));
    }

    @Test
    void listChunkBeforeDataIsSkipped() throws IOException {
        byte[] wav = fmt(SampleEncoding.PCM_S16).chunk("LIST", "INFOISFT\6\0\0\0tests\0".getBytes())
                .chunk("data", RiffBuilder.pcm16(100, 200, 300)).build();

        assertArrayEquals(new float[] {100 / 32768f, 200 / 32768f, 300 / 32768f}, readStream(wav));
    }

    @Test
    void padByteAfterAnOddSizedChunkIsSkipped() throws IOException {
        byte[] wav = RiffBuilder.wave().chunk("note", new byte[] {'a', 'b', 'c'}).fmt(SampleEncoding.PCM_S16, 1, 8000)
                .chunk("JUNK", new byte[5]).chunk("data", RiffBuilder.pcm16(1, 2)).build();

        assertArrayEquals(new float[] {1 / 32768f, 2 / 32768f}, readStream(wav));
    }

    @Test
    void chunksAfterTheDataChunkAreNotReadAsAudio() throws IOException {
        byte[] wav = fmt(SampleEncoding.PCM_S16).chunk("data", RiffBuilder.pcm16(7, 8))
                .chunk("LIST", new byte[64]).build();
        Path file = write(wav);

        assertEquals(2, WavReader.probe(file).frames());
        assertArrayEquals(new float[] {7 / 32768f, 8 / 32768f}, readAll(WavReader.open(file), 5));
        assertArrayEquals(new float[] {7 / 32768f, 8 / 32768f}, readStream(wav));
    }

    @Test
    void dataChunkBeforeFmtIsReadFromAFile() throws IOException {
        byte[] wav = RiffBuilder.wave().chunk("data", RiffBuilder.pcm16(-5, 5, 9))
                .fmt(SampleEncoding.PCM_S16, 1, 22050).build();

        try (WavReader r = WavReader.open(write(wav))) {
            assertEquals(new AudioFormat(22050, 1, 3), r.format());
            assertArrayEquals(new float[] {-5 / 32768f, 5 / 32768f, 9 / 32768f}, readAll(r, 2));
        }
    }

    @Test
    void dataChunkBeforeFmtInAStreamIsUnsupported() {
        byte[] wav = RiffBuilder.wave().chunk("data", RiffBuilder.pcm16(1)).fmt(SampleEncoding.PCM_S16, 1, 8000)
                .build();

        assertFails(ErrorCode.UNSUPPORTED_FORMAT, () -> WavReader.open(new ByteArrayInputStream(wav)));
    }

    @Test
    void everyTruncationInsideTheHeaderIsCorruptAudio() throws IOException {
        byte[] wav = fmt(SampleEncoding.PCM_S16).chunk("LIST", new byte[10]).chunk("data", RiffBuilder.pcm16(1, 2))
                .build();
        int headerBytes = wav.length - 4;
        for (int cut = 1; cut < headerBytes; cut++) {
            byte[] truncated = Arrays.copyOf(wav, cut);
            assertFails(ErrorCode.CORRUPT_AUDIO, () -> WavReader.open(new ByteArrayInputStream(truncated)));
            assertFails(ErrorCode.CORRUPT_AUDIO, () -> WavReader.open(write(truncated)));
        }
    }

    @Test
    void emptyInputIsAnEmptyFile() {
        assertFails(ErrorCode.EMPTY_FILE, () -> WavReader.open(new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void dataSizeClaimingTwoGigabytesInAOneKilobyteFileReadsWhatIsThere() throws IOException {
        int[] samples = new int[480];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = i * 60 - 14000;
        }
        byte[] wav = fmt(SampleEncoding.PCM_S16).chunk("data", 0x7FFF_FFFEL, RiffBuilder.pcm16(samples)).build();
        assertTrue(wav.length < 1024);
        float[] expected = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            expected[i] = samples[i] / 32768f;
        }
        Path file = write(wav);

        long before = Signals.allocatedBytes();
        AudioFormat probed = WavReader.probe(file);
        float[] fromFile = readAll(WavReader.open(file), 100);
        float[] fromStream = readStream(wav);
        long allocated = Signals.allocatedBytes() - before;

        assertEquals(samples.length, probed.frames(), "a file's frame count is what it holds");
        assertArrayEquals(expected, fromFile);
        assertArrayEquals(expected, fromStream);
        System.out.println("2 GB claim: allocated " + allocated + " bytes");
        assertTrue(allocated < 4 << 20, "allocated " + allocated + " bytes");
    }

    @Test
    void unknownDataSizeOfAStreamingWriterReadsToTheEnd() throws IOException {
        byte[] wav = fmt(SampleEncoding.PCM_S16).chunk("data", 0xFFFF_FFFFL, RiffBuilder.pcm16(3, 4, 5)).build();

        assertArrayEquals(new float[] {3 / 32768f, 4 / 32768f, 5 / 32768f}, readStream(wav));
        try (WavReader r = WavReader.open(new ByteArrayInputStream(wav))) {
            assertEquals(-1, r.format().frames(), "a stream cannot tell its length");
        }
        assertEquals(3, WavReader.probe(write(wav)).frames(), "a file can");
    }

    @Test
    void trailingPartialFrameIsDropped() throws IOException {
        byte[] data = Arrays.copyOf(RiffBuilder.pcm16(1, 2, 3, 4), 10); // 2 stereo frames + 2 bytes
        byte[] wav = fmt(SampleEncoding.PCM_S16, 2).chunk("data", data).build();

        assertEquals(4, readStream(wav).length);
        assertEquals(2, WavReader.probe(write(wav)).frames());
    }

    @Test
    void rf64WithDs64ChunkTakesTheDataSizeFromIt() throws IOException {
        ByteBuffer ds64 = RiffBuilder.le(28);
        ds64.putLong(0).putLong(6).putLong(3).putInt(0);
        byte[] wav = RiffBuilder.wave().riffId("RF64").riffSize(-1).chunk("ds64", ds64.array())
                .fmt(SampleEncoding.PCM_S16, 1, 8000).chunk("data", 0xFFFF_FFFFL, RiffBuilder.pcm16(1, 2, 3, 4))
                .build();

        assertArrayEquals(new float[] {1 / 32768f, 2 / 32768f, 3 / 32768f}, readStream(wav));
    }

    static Stream<Arguments> corruptHeaders() {
        return Stream.of(
                Arguments.of("zero channels", RiffBuilder.wave().fmt(1, 0, 8000, 2, 16)),
                Arguments.of("zero sample rate", RiffBuilder.wave().fmt(1, 1, 0, 2, 16)),
                Arguments.of("absurd sample rate", RiffBuilder.wave().fmt(1, 1, 2_000_000_000, 2, 16)),
                Arguments.of("absurd channel count", RiffBuilder.wave().fmt(1, 60_000, 8000, 60_000, 8)),
                Arguments.of("block align not a multiple of channels", RiffBuilder.wave().fmt(1, 2, 8000, 3, 16)),
                Arguments.of("zero block align", RiffBuilder.wave().fmt(1, 1, 8000, 0, 16)),
                Arguments.of("bits larger than the sample", RiffBuilder.wave().fmt(1, 1, 8000, 2, 24)),
                Arguments.of("zero bits", RiffBuilder.wave().fmt(1, 1, 8000, 2, 0)),
                Arguments.of("fmt chunk too short", RiffBuilder.wave().chunk("fmt ", new byte[12])),
                Arguments.of("extensible fmt too short", RiffBuilder.wave().chunk("fmt ",
                        RiffBuilder.le(18).putShort((short) 0xFFFE).putShort((short) 1).putInt(8000).putInt(16000)
                                .putShort((short) 2).putShort((short) 16).putShort((short) 0).array())),
                Arguments.of("no fmt chunk", RiffBuilder.wave().chunk("LIST", new byte[4])),
                Arguments.of("fmt chunk size past the end", RiffBuilder.wave().chunk("fmt ", 1 << 30, new byte[16])),
                Arguments.of("not RIFF", RiffBuilder.wave().riffId("RIFX").fmt(SampleEncoding.PCM_S16, 1, 8000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptHeaders")
    void malformedHeaderIsNonRetryableCorruptAudio(String name, RiffBuilder header) throws IOException {
        byte[] wav = header.chunk("data", RiffBuilder.pcm16(1, 2, 3, 4)).build();

        assertFails(ErrorCode.CORRUPT_AUDIO, () -> WavReader.open(new ByteArrayInputStream(wav)));
        assertFails(ErrorCode.CORRUPT_AUDIO, () -> WavReader.probe(write(wav)));
    }

    @ParameterizedTest(name = "format tag {0}")
    @ValueSource(ints = {0x0002, 0x0006, 0x0007, 0x0011, 0x0055})
    void compressedWavEncodingsAreUnsupported(int tag) throws IOException {
        byte[] wav = RiffBuilder.wave().fmt(tag, 1, 8000, 1, 8).chunk("data", new byte[8]).build();

        ProcessingException e = assertFails(ErrorCode.UNSUPPORTED_FORMAT, () -> WavReader.probe(write(wav)));
        assertTrue(e.getMessage().contains(String.format("0x%04X", tag)), e.getMessage());
    }

    @Test
    void textFileIsCorruptAudio() throws IOException {
        Path text = dir.resolve("notes.wav");
        Files.writeString(text, "this is not a wav file, just text that is long enough");

        assertFails(ErrorCode.CORRUPT_AUDIO, () -> WavReader.open(text));
    }

    @Test
    void probeReadsTheHeaderOfAFileWithoutItsAudio() throws IOException {
        // header says 1,000,000 frames of 6 x 32-bit, the file holds 10 frames: probe reports 10
        byte[] wav = RiffBuilder.wave().fmt(SampleEncoding.FLOAT32, 6, 96000)
                .chunk("data", 24_000_000L, new byte[240]).build();

        assertEquals(new AudioFormat(96000, 6, 10), WavReader.probe(write(wav)));
    }

    @Test
    void wavsWrittenByFfmpegReadAsFfmpegDecodesThem() throws Exception {
        Ffmpeg.requireInstalled();
        String[][] cases = {{"pcm_u8", "1"}, {"pcm_s16le", "2"}, {"pcm_s24le", "6"}, {"pcm_s32le", "2"},
                {"pcm_f32le", "1"}, {"pcm_f64le", "2"}};
        for (String[] c : cases) {
            Path wav = dir.resolve(c[0] + ".wav");
            Ffmpeg.run("-f", "lavfi", "-i", "aevalsrc=0.8*sin(2*PI*440*t):s=48000:d=0.5", "-ac", c[1],
                    "-c:a", c[0], wav.toString());

            float[] ours;
            float[] theirs;
            try (WavReader r = WavReader.open(wav); FfmpegDecoder f = FfmpegDecoder.open(wav)) {
                assertEquals(new AudioFormat(48000, Integer.parseInt(c[1]), 24000), r.format(), c[0]);
                ours = readAll(r, 4096);
                theirs = readAll(f, 4096);
            }
            assertEquals(theirs.length, ours.length, c[0]);
            for (int i = 0; i < ours.length; i++) {
                assertEquals(theirs[i], ours[i], 1e-7f, c[0] + " sample " + i);
            }
            assertTrue(Signals.rms(ours, 0, ours.length) > 0.1, c[0] + " is not silence");
        }
    }

    // ---------------------------------------------------------------------------------------

    /** Per channel c a sine of its own frequency at 0.9, with full-scale extremes at the start. */
    private static float[] testSignal(int channels, int frames) {
        float[] x = new float[frames * channels];
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                x[i * channels + c] = (float) (0.9 * Math.sin(2 * Math.PI * (200 + 150 * c) * i / 32000.0));
            }
        }
        x[0] = -1f;
        x[1 % x.length] = 0.99f;
        return x;
    }

    private static float quantisationStep(SampleEncoding enc) {
        return switch (enc) {
            case PCM_U8 -> 1f / 128;
            case PCM_S16 -> 1f / 32768;
            case PCM_S24 -> 1f / 8388608;
            case PCM_S32, FLOAT32, FLOAT64 -> 0f;
        };
    }

    private static RiffBuilder fmt(SampleEncoding enc) {
        return fmt(enc, 1);
    }

    private static RiffBuilder fmt(SampleEncoding enc, int channels) {
        return RiffBuilder.wave().fmt(enc, channels, 8000);
    }

    private static byte[] ints(int... values) {
        ByteBuffer b = RiffBuilder.le(values.length * 4);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    private static byte[] doubles(double... values) {
        ByteBuffer b = RiffBuilder.le(values.length * 8);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    private Path write(byte[] bytes) throws IOException {
        Path file = Files.createTempFile(dir, "t", ".wav");
        Files.write(file, bytes);
        return file;
    }

    private static float[] readStream(byte[] wav) throws IOException {
        return readAll(WavReader.open(new ByteArrayInputStream(wav)), 3);
    }

    /** Reads a source to its end in chunks of {@code chunk} frames, closing it. */
    static float[] readAll(AudioSource source, int chunk) throws IOException {
        try (source) {
            int channels = source.format().channels();
            float[] buf = new float[chunk * channels];
            float[] all = new float[0];
            int n;
            while ((n = source.read(buf, chunk)) >= 0) {
                assertFalse(n == 0, "read returned 0 frames for a positive request");
                int old = all.length;
                all = Arrays.copyOf(all, old + n * channels);
                System.arraycopy(buf, 0, all, old, n * channels);
            }
            return all;
        }
    }

    interface Action {
        Object run() throws IOException;
    }

    static ProcessingException assertFails(String code, Action action) {
        ProcessingException e = assertThrows(ProcessingException.class, () -> {
            Object result = action.run();
            if (result instanceof AutoCloseable c) {
                c.close();
            }
        });
        assertEquals(code, e.code(), e.getMessage());
        assertFalse(e.retryable(), "bad input is not retryable");
        return e;
    }
}
