package org.audiomesh.enhancement.engine;

import org.audiomesh.common.audio.AudioBuffer;
import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioFormat;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.audio.SampleEncoding;
import org.audiomesh.common.audio.WavWriter;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.enhancement.TestSignals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnhancementPipelineTest {
    @TempDir
    Path dir;

    private static final StatisticalEnhancer.Settings SETTINGS =
            new StatisticalEnhancer.Settings(25, ChannelMode.PER_CHANNEL, true);

    private static EnhancementPipeline.Outcome enhance(Path in, Path out, int outputRate, List<Double> progress)
            throws IOException {
        try (OutputStream o = Files.newOutputStream(out)) {
            return EnhancementPipeline.run(in, (rate, ch) -> new StatisticalEnhancer(rate, ch, SETTINGS), outputRate, o,
                    progress::add);
        }
    }

    private static AudioBuffer read(Path p) throws IOException {
        try (AudioSource s = AudioFiles.open(p)) {
            return AudioFiles.readAll(s);
        }
    }

    @Test
    void stereo44kKeepsRateChannelsAndLengthAndReducesNoiseOnBothChannels() throws IOException {
        int rate = 44100;
        float[] left = TestSignals.speechLike(rate, 4, 0.5, 31);
        float[] right = TestSignals.speechLike(rate, 4, 0.5, 32);
        float[] nl = TestSignals.mix(left, TestSignals.white(left.length, 33), 3);
        float[] nr = TestSignals.mix(right, TestSignals.white(right.length, 34), 3);
        Path in = dir.resolve("in.wav");
        WavWriter.write(in, new AudioBuffer(rate, new float[][] {nl, nr}), SampleEncoding.PCM_S16);
        Path out = dir.resolve("out.wav");
        List<Double> progress = new ArrayList<>();
        EnhancementPipeline.Outcome o = enhance(in, out, 0, progress);
        AudioBuffer y = read(out);
        assertEquals(rate, y.sampleRate());
        assertEquals(2, y.channels());
        assertEquals(left.length, y.frames());
        assertEquals(left.length, o.outputFrames());
        assertTrue(TestSignals.siSdr(y.samples()[0], left) > TestSignals.siSdr(nl, left) + 5);
        assertTrue(TestSignals.siSdr(y.samples()[1], right) > TestSignals.siSdr(nr, right) + 5);
        assertTrue(o.inputRmsDbfs() - o.outputRmsDbfs() > 1, "level went down: " + o);
        assertTrue(o.outputPeakDbfs() <= 0);
        assertEquals(1.0, progress.get(progress.size() - 1), 1e-9);
    }

    @Test
    void outputSampleRateIsHonouredWithTheCorrespondingLength() throws IOException {
        int rate = 22050;
        float[] clean = TestSignals.speechLike(rate, 3, 0.5, 35);
        Path in = dir.resolve("in.wav");
        WavWriter.write(in, new AudioBuffer(rate, new float[][] {TestSignals.mix(clean, TestSignals.white(clean.length,
                36), 10)}), SampleEncoding.PCM_S16);
        Path out = dir.resolve("out.wav");
        enhance(in, out, 16000, new ArrayList<>());
        AudioBuffer y = read(out);
        assertEquals(16000, y.sampleRate());
        assertEquals((long) Math.ceil(clean.length * 16000.0 / rate), y.frames());
    }

    @Test
    void inputOfUnknownLengthStillGetsAWavWithExactSizes() throws IOException {
        int rate = 16000;
        float[] x = TestSignals.mix(TestSignals.speechLike(rate, 2, 0.3, 37), TestSignals.white(2 * rate, 38), 5);
        AudioSource known = AudioFiles.of(new AudioBuffer(rate, new float[][] {x}));
        AudioSource unknown = new AudioSource() { // a stream that cannot tell its length, as some decoders
            @Override
            public AudioFormat format() {
                return new AudioFormat(rate, 1, -1);
            }

            @Override
            public int read(float[] dst, int maxFrames) throws IOException {
                return known.read(dst, maxFrames);
            }

            @Override
            public void close() throws IOException {
                known.close();
            }
        };
        Path out = dir.resolve("out.wav");
        try (OutputStream o = Files.newOutputStream(out)) {
            EnhancementPipeline.run(unknown, (r, ch) -> new StatisticalEnhancer(r, ch, SETTINGS), 0, o,
                    ProgressListener.NONE);
        }
        assertEquals(x.length, AudioFiles.probe(out).frames());
        assertEquals(x.length, read(out).frames());
    }
}
