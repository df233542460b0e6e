package org.audiomesh.separation.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.audiomesh.common.audio.AudioBuffer;
import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.audio.FfmpegDecoder;
import org.audiomesh.common.audio.SampleEncoding;
import org.audiomesh.common.audio.WavReader;
import org.audiomesh.common.audio.WavWriter;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.audiomesh.common.storage.FileSystemBlobStore;
import org.audiomesh.common.storage.JobIds;
import org.audiomesh.common.worker.EngineInput;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.common.worker.StageOutputs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stage around the built-in separator: options, files in the blob store, result JSON. */
class SeparationStageTest {
    private static final int RATE = 22050;

    @TempDir
    Path dir;
    FileSystemBlobStore store;
    Path scratch;
    SeparationStage engine;

    @BeforeEach
    void setUp() throws IOException {
        store = new FileSystemBlobStore(dir.resolve("data"));
        scratch = dir.resolve("scratch");
        engine = SeparationStage.create(new SpectralSeparator(), new ContractJson().mapper(), scratch);
    }

    private static AudioBuffer song(int channels, int frames) {
        float[][] s = new float[channels][frames];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < frames; i++) {
                double t = (double) i / RATE;
                s[c][i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * t) + 0.2 * Math.sin(2 * Math.PI * (98 + 50 * c) * t)
                        + (i % 5512 < 40 ? 0.4 * Math.sin(i * 1.7) : 0));
            }
        }
        return new AudioBuffer(RATE, s);
    }

    private record Run(Path input, String jobId, JsonNode result, Map<String, String> written) {
        Path file(Path data, String name) {
            return data.resolve("jobs").resolve(jobId).resolve("stems").resolve(name);
        }
    }

    private Run run(AudioBuffer input, Map<String, String> options) throws IOException {
        Path in = dir.resolve("in-" + System.nanoTime() + ".wav");
        WavWriter.write(in, input, SampleEncoding.PCM_S16);
        String id = JobIds.newId();
        StageOutputs outputs = new StageOutputs(store, id, Stage.SEPARATION);
        JsonNode result = engine.process(new EngineInput(id, in, AudioFiles.probe(in), options, outputs),
                ProgressListener.NONE).result();
        return new Run(in, id, result, outputs.written());
    }

    private static AudioBuffer read(Path file) throws IOException {
        try (AudioSource s = AudioFiles.open(file)) {
            return AudioFiles.readAll(s);
        }
    }

    @Test
    void writesFourStemsAndTheInstrumentalThatAddUpToTheInput() throws IOException {
        AudioBuffer input = song(2, 2 * RATE + 333);
        Run run = run(input, Map.of());
        assertEquals(Set.of("vocals.wav", "drums.wav", "bass.wav", "other.wav", "instrumental.wav"), run.written().keySet());
        AudioBuffer mix = read(run.input()); // the input as stored: 16-bit
        List<AudioBuffer> stems = new ArrayList<>();
        for (String name : List.of("vocals", "drums", "bass", "other", "instrumental")) {
            Path file = run.file(dir.resolve("data"), name + ".wav");
            try (WavReader r = WavReader.open(file)) {
                assertEquals(SampleEncoding.FLOAT32, r.encoding());
                assertEquals(RATE, r.format().sampleRate());
                assertEquals(2, r.format().channels());
                assertEquals(input.frames(), r.format().frames(), name);
            }
            stems.add(read(file));
        }
        double worst = 0;
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < input.frames(); i++) {
                float sum = stems.get(0).samples()[c][i] + stems.get(1).samples()[c][i] + stems.get(2).samples()[c][i]
                        + stems.get(3).samples()[c][i];
                worst = Math.max(worst, Math.abs(sum - mix.samples()[c][i]));
                worst = Math.max(worst, Math.abs(stems.get(0).samples()[c][i] + stems.get(4).samples()[c][i]
                        - mix.samples()[c][i]));
            }
        }
        assertTrue(worst < 1e-5, "stems off the mix by " + worst);

        JsonNode r = run.result();
        assertEquals("builtin", r.get("engine").asText());
        assertEquals(RATE, r.get("sample_rate").asInt());
        assertEquals(input.frames(), r.get("frames").asLong());
        assertEquals("wav", r.get("format").asText());
        assertEquals("float32", r.get("encoding").asText());
        assertEquals(5, r.get("stems").size());
        JsonNode vocals = r.get("stems").get(0);
        assertEquals("vocals", vocals.get("name").asText());
        assertEquals("vocals.wav", vocals.get("file").asText());
        float peak = 0;
        double squares = 0;
        for (float[] channel : stems.get(0).samples()) {
            for (float x : channel) {
                peak = Math.max(peak, Math.abs(x));
                squares += (double) x * x;
            }
        }
        assertEquals(20 * Math.log10(peak), vocals.get("peak_dbfs").asDouble(), 0.01);
        assertEquals(10 * Math.log10(squares / (2.0 * input.frames())), vocals.get("rms_dbfs").asDouble(), 0.01);
    }

    @Test
    void twoStemsVocalsWritesOnlyVocalsAndInstrumental() throws IOException {
        Run run = run(song(2, RATE), Map.of("stems", "two-stems=vocals"));
        assertEquals(Set.of("vocals.wav", "instrumental.wav"), run.written().keySet());
        assertFalse(Files.exists(run.file(dir.resolve("data"), "drums.wav")));
        assertEquals(2, run.result().get("stems").size());
    }

    @Test
    void monoInGivesMonoStems() throws IOException {
        Run run = run(song(1, RATE), Map.of("stems", "vocals,bass"));
        try (WavReader r = WavReader.open(run.file(dir.resolve("data"), "bass.wav"))) {
            assertEquals(1, r.format().channels());
            assertEquals(RATE, r.format().frames());
        }
    }

    @Test
    void pcm16WavOnRequest() throws IOException {
        Run run = run(song(2, RATE), Map.of("stems", "vocals", "encoding", "pcm16"));
        try (WavReader r = WavReader.open(run.file(dir.resolve("data"), "vocals.wav"))) {
            assertEquals(SampleEncoding.PCM_S16, r.encoding());
        }
        assertEquals("pcm16", run.result().get("encoding").asText());
    }

    @Test
    void flacStemsAreThe24BitRoundingOfTheFloatStems() throws IOException {
        assertTrue(FfmpegDecoder.available(), "this test needs ffmpeg and ffprobe on the PATH");
        AudioBuffer input = song(2, RATE + 100);
        Run wav = run(input, Map.of("stems", "drums"));
        Run flac = run(input, Map.of("stems", "drums", "format", "flac"));
        assertEquals(Set.of("drums.flac"), flac.written().keySet());
        Path file = flac.file(dir.resolve("data"), "drums.flac");
        FfmpegDecoder.MediaInfo info = FfmpegDecoder.probe(file);
        assertEquals("flac", info.codec());
        AudioBuffer expected = read(wav.file(dir.resolve("data"), "drums.wav"));
        AudioBuffer decoded = read(file);
        assertEquals(expected.frames(), decoded.frames());
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < expected.frames(); i++) {
                assertEquals(expected.samples()[c][i], decoded.samples()[c][i], 1.0 / (1 << 22), "sample " + i);
            }
        }
        assertEquals("pcm24", flac.result().get("encoding").asText());
    }

    @Test
    void flacWithoutFfmpegIsAnHonestEngineUnavailable() throws IOException {
        engine = new SeparationStage(new SpectralSeparator(), new ContractJson().mapper(), scratch,
                new StemPublisher(new FfmpegDecoder.Tools("/nonexistent/ffmpeg", "/nonexistent/ffprobe")));
        ProcessingException e = assertThrows(ProcessingException.class, () -> run(song(2, RATE), Map.of("format", "flac")));
        assertEquals(ErrorCode.ENGINE_UNAVAILABLE, e.code());
        assertFalse(e.retryable());
    }

    @Test
    void scratchFilesAreRemovedAfterSuccessAndFailure() throws IOException {
        run(song(2, RATE), Map.of());
        Path bad = dir.resolve("bad.wav");
        Files.write(bad, new byte[] {'R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'A', 'V', 'E', 'x'});
        String id = JobIds.newId();
        assertThrows(ProcessingException.class, () -> engine.process(new EngineInput(id, bad,
                new org.audiomesh.common.audio.AudioFormat(RATE, 2, -1), Map.of(),
                new StageOutputs(store, id, Stage.SEPARATION)), ProgressListener.NONE));
        try (Stream<Path> left = Files.list(scratch)) {
            assertEquals(List.of(), left.toList());
        }
    }
}
