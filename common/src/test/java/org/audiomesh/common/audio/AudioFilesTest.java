package org.audiomesh.common.audio;

import static org.audiomesh.common.audio.WavReaderTest.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.audiomesh.common.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioFilesTest {
    @TempDir
    Path dir;

    @Test
    void wavOpensWithTheWavReaderAndMp3WithFfmpeg() throws Exception {
        Ffmpeg.requireInstalled();
        Path wav = writeSine(dir.resolve("a.wav"), 22050, 1.0);
        Path mp3 = Ffmpeg.encode(wav, dir.resolve("a.mp3"), "-c:a", "libmp3lame");
        Path disguised = Files.copy(mp3, dir.resolve("really-an-mp3.wav"));

        try (AudioSource w = AudioFiles.open(wav); AudioSource m = AudioFiles.open(mp3);
             AudioSource d = AudioFiles.open(disguised)) {
            assertInstanceOf(WavReader.class, w);
            assertInstanceOf(FfmpegDecoder.class, m);
            assertInstanceOf(FfmpegDecoder.class, d, "chosen by magic number, not by name");
        }
        assertEquals(new AudioFormat(22050, 1, 22050), AudioFiles.probe(wav));
        assertEquals(22050, AudioFiles.probe(mp3).sampleRate());
    }

    @Test
    void textFileIsUnsupportedFormat() throws IOException {
        Path text = dir.resolve("song.mp3");
        Files.writeString(text, "definitely not audio, whatever the name says\n");

        assertFails(ErrorCode.UNSUPPORTED_FORMAT, () -> AudioFiles.open(text));
        assertFails(ErrorCode.UNSUPPORTED_FORMAT, () -> AudioFiles.probe(text));
    }

    @Test
    void emptyFileIsEmptyFile() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.wav"));

        assertFails(ErrorCode.EMPTY_FILE, () -> AudioFiles.open(empty));
    }

    @Test
    void wavEncodingTheReaderLacksIsDecodedByFfmpeg() throws Exception {
        Ffmpeg.requireInstalled();
        Path adpcm = Ffmpeg.encode(writeSine(dir.resolve("s.wav"), 16000, 1.0), dir.resolve("adpcm.wav"),
                "-c:a", "adpcm_ms");
        assertFails(ErrorCode.UNSUPPORTED_FORMAT, () -> WavReader.open(adpcm));

        AudioBuffer audio = AudioFiles.readAll(AudioFiles.open(adpcm));

        assertEquals(16000, audio.sampleRate());
        assertEquals(1.0, audio.durationSeconds(), 0.05);
        assertEquals(440, Signals.zeroCrossingFrequency(audio.samples()[0], 16000, 800, 15000), 1);
    }

    @Test
    void bufferSourceReadsBackTheSameBuffer() throws IOException {
        float[] a = Signals.sine(8000, 100, 20_001, 0.5);
        float[] b = Signals.sine(8000, 300, 20_001, 0.25);
        AudioBuffer buffer = new AudioBuffer(8000, new float[][] {a, b});

        AudioBuffer back = AudioFiles.readAll(AudioFiles.of(buffer));

        assertEquals(8000, back.sampleRate());
        assertArrayEquals(a, back.samples()[0]);
        assertArrayEquals(b, back.samples()[1]);
    }

    @Test
    void readAllDoesNotAllocateByADeclaredFrameCount() throws IOException {
        AudioSource liar = new AudioSource() {
            private boolean done;

            @Override
            public AudioFormat format() {
                return new AudioFormat(44100, 2, 2_000_000_000L); // would be 16 GB of floats
            }

            @Override
            public int read(float[] dst, int maxFrames) {
                if (done) {
                    return -1;
                }
                done = true;
                dst[0] = 0.5f;
                return 10;
            }

            @Override
            public void close() {
            }
        };
        long before = Signals.allocatedBytes();

        AudioBuffer audio = AudioFiles.readAll(liar);

        assertEquals(10, audio.frames());
        assertEquals(0.5f, audio.samples()[0][0]);
        assertTrue(Signals.allocatedBytes() - before < 64 << 20);
    }

    @Test
    void monoIsTheMeanOfTheChannels() throws IOException {
        AudioBuffer stereo = new AudioBuffer(8000, new float[][] {{1f, 0.5f, -1f}, {0f, 0.5f, 0.5f}});

        AudioSource mono = AudioFiles.mono(AudioFiles.of(stereo));

        assertEquals(new AudioFormat(8000, 1, 3), mono.format());
        assertArrayEquals(new float[] {0.5f, 0.5f, -0.25f}, AudioFiles.readAll(mono).samples()[0]);
    }

    @Test
    void resampledSourceEqualsTheOneShotResampler() throws IOException {
        float[] x = Signals.sine(44100, 1234, 30_000, 0.7);
        AudioSource source = AudioFiles.resampled(AudioFiles.of(new AudioBuffer(44100, new float[][] {x})), 16000);

        assertEquals(new AudioFormat(16000, 1, (30_000L * 16000 + 44099) / 44100), source.format());
        assertArrayEquals(Resampler.resample(x, 1, 44100, 16000), WavReaderTest.readAll(source, 333));
    }

    @Test
    void conversionsToWhatTheSourceAlreadyIsReturnItUnchanged() {
        AudioSource mono = AudioFiles.of(new AudioBuffer(16000, new float[][] {new float[10]}));

        assertSame(mono, AudioFiles.mono(mono));
        assertSame(mono, AudioFiles.resampled(mono, 16000));
    }

    /**
     * Ten minutes of 44.1 kHz stereo (106 MB as 16-bit, 212 MB as floats) is read through
     * openMono(path, 22050) with a fixed-size chunk. This thread's allocation counter (exact,
     * not GC-dependent) shows the reading allocates a small fixed amount, not the decoded size,
     * and the output is the mono mix, zero-delay resampled.
     */
    @Test
    void tenMinuteFileStreamsThroughOpenMonoWithBoundedAllocation() throws IOException {
        int rate = 44100;
        long frames = 600L * rate;
        Path file = dir.resolve("long.wav");
        double f = 440;
        float[] oneSecond = Signals.sine(rate, f, rate, 1.0); // 440 Hz repeats every second
        try (WavWriter w = WavWriter.create(file, rate, 2, SampleEncoding.PCM_S16)) {
            float[] chunk = new float[8192 * 2];
            for (long pos = 0; pos < frames; pos += 8192) {
                int n = (int) Math.min(8192, frames - pos);
                for (int i = 0; i < n; i++) {
                    float s = oneSecond[(int) ((pos + i) % rate)];
                    chunk[2 * i] = 0.6f * s;
                    chunk[2 * i + 1] = 0.2f * s;
                }
                w.write(chunk, n);
            }
        }
        assertEquals(44 + frames * 4, Files.size(file));

        float[] buf = new float[4096];
        long read = 0;
        double maxError = 0;
        long start = System.nanoTime();
        long before = Signals.allocatedBytes();
        try (AudioSource mono = AudioFiles.openMono(file, 22050)) {
            assertEquals(new AudioFormat(22050, 1, 600L * 22050), mono.format());
            int n;
            while ((n = mono.read(buf, 4096)) >= 0) {
                for (int i = 0; i < n; i++) {
                    long k = read + i;
                    if (k > 2205 && k < 600L * 22050 - 2205) {
                        double expected = 0.4 * Math.sin(2 * Math.PI * f * (k % 22050) / 22050);
                        maxError = Math.max(maxError, Math.abs(buf[i] - expected));
                    }
                }
                read += n;
            }
        }
        long allocated = Signals.allocatedBytes() - before;
        System.out.printf("10 min 44.1k stereo WAV -> openMono 22050: %.2f s, %d bytes allocated, max error %.2e%n",
                (System.nanoTime() - start) / 1e9, allocated, maxError);

        assertEquals(600L * 22050, read);
        assertTrue(maxError < 1e-3, "max error " + maxError);
        long decodedMonoBytes = read * 4;
        assertTrue(allocated < 8 << 20, "allocated " + allocated + " bytes; decoded mono is " + decodedMonoBytes);
    }

    private static Path writeSine(Path file, int rate, double seconds) throws IOException {
        float[] x = Signals.sine(rate, 440, (int) (rate * seconds), 0.5);
        WavWriter.write(file, new AudioBuffer(rate, new float[][] {x}), SampleEncoding.PCM_S16);
        return file;
    }
}
