package org.audiomesh.analysis.engine;

import org.audiomesh.common.audio.AudioBuffer;
import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.audio.WavReader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.audiomesh.common.worker.ProgressListener;
import org.junit.jupiter.api.Test;

class MusicAnalysisEngineTest {

    private static final int RATE = 22_050;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MusicAnalysisEngine engine = new MusicAnalysisEngine();

    @Test
    void tempoOfA120BpmClickTrackIs120() {
        assertClickTrackTempoAndBeats(120);
    }

    @Test
    void tempoOfA90BpmClickTrackIs90() {
        assertClickTrackTempoAndBeats(90);
    }

    @Test
    void tempoOfA150BpmClickTrackIs150() {
        assertClickTrackTempoAndBeats(150);
    }

    private void assertClickTrackTempoAndBeats(double bpm) {
        double[] truth = TestSignals.beatTimes(bpm, 0.3, 19.9);
        BeatAnalysis result = analyze(TestSignals.clickTrack(RATE, truth, 0, 20), RATE);

        assertNotNull(result.tempoBpm(), result.reason());
        assertEquals(bpm, result.tempoBpm(), bpm * 0.02);
        assertTrue(BeatMetrics.fMeasure(truth, result.beats()) >= 0.95,
                "beat F-measure " + BeatMetrics.fMeasure(truth, result.beats()));
        assertTrue(result.tempoConfidence() > 0.5, "tempo confidence " + result.tempoConfidence());
        assertTrue(result.beatConfidence() > 0.8, "beat confidence " + result.beatConfidence());
        assertTrue(result.rhythmRegularity() > 0.85, "regularity " + result.rhythmRegularity());
        assertEquals(truth.length, result.onsets().length, "one onset per click");
        assertNull(result.reason());
    }

    @Test
    void threeFourClickTrackWithAccentedDownbeatsIsThreeFourWithDownbeatsOnTheAccents() {
        double[] truth = TestSignals.beatTimes(120, 0.3, 19.9);
        BeatAnalysis result = analyze(TestSignals.clickTrack(RATE, truth, 3, 20), RATE);

        assertEquals("3/4", result.timeSignature());
        assertTrue(result.timeSignatureConfidence() > 0.5);
        double[] downbeats = everyNth(truth, 3);
        assertTrue(BeatMetrics.fMeasure(downbeats, result.downbeats()) >= 0.95,
                "downbeats " + Arrays.toString(result.downbeats()));
    }

    @Test
    void fourFourClickTrackWithAccentedDownbeatsIsFourFourWithDownbeatsOnTheAccents() {
        double[] truth = TestSignals.beatTimes(100, 0.5, 19.9);
        BeatAnalysis result = analyze(TestSignals.clickTrack(RATE, truth, 4, 20), RATE);

        assertEquals("4/4", result.timeSignature());
        assertTrue(BeatMetrics.fMeasure(everyNth(truth, 4), result.downbeats()) >= 0.95,
                "downbeats " + Arrays.toString(result.downbeats()));
    }

    @Test
    void beatsDividedInThreeWithAStrongBeatEveryTwoAreSixEight() {
        double bpm = 100; // dotted quarters
        double beat = 60 / bpm;
        double[] truth = TestSignals.beatTimes(bpm, 0.3, 19.9);
        float[] audio = new float[20 * RATE];
        for (int i = 0; i < truth.length; i++) {
            TestSignals.addClick(audio, RATE, truth[i], i % 2 == 0 ? 1600 : 1000, i % 2 == 0 ? 0.9 : 0.5);
            TestSignals.addClick(audio, RATE, truth[i] + beat / 3, 1000, 0.2);
            TestSignals.addClick(audio, RATE, truth[i] + 2 * beat / 3, 1000, 0.2);
        }
        BeatAnalysis result = analyze(audio, RATE);

        assertEquals(bpm, result.tempoBpm(), bpm * 0.02);
        assertEquals("6/8", result.timeSignature());
        assertTrue(BeatMetrics.fMeasure(everyNth(truth, 2), result.downbeats()) >= 0.95);
    }

    @Test
    void renderedDrumLoopIs100BpmInFourFour() throws IOException {
        AudioBuffer pcm = readResource("/audio/drum-loop-100bpm.wav");
        JsonNode truth = readTruth("/audio/drum-loop-100bpm.json");
        assertEquals(1, pcm.channels());
        assertEquals(22_050, pcm.sampleRate());

        BeatAnalysis result = analyze(pcm.mono(), pcm.sampleRate());

        double bpm = truth.get("tempo_bpm").asDouble();
        assertEquals(bpm, result.tempoBpm(), bpm * 0.04);
        double f = BeatMetrics.fMeasure(doubles(truth.get("beats")), result.beats());
        assertTrue(f >= 0.9, "beat F-measure " + f + ", beats " + Arrays.toString(result.beats()));
        assertEquals("4/4", result.timeSignature());
        assertEquals(12.0, result.durationSeconds(), 1e-3);
    }

    @Test
    void exampleSongIs120BpmInFourFourWithBarsOnTheChordChanges() throws IOException {
        Path wav = Path.of("..", "deploy", "examples", "example-song.wav");
        AudioBuffer pcm;
        try (AudioSource in = AudioFiles.open(wav)) {
            pcm = AudioFiles.readAll(in);
        }
        JsonNode truth = JSON.readTree(wav.resolveSibling("example-song.json").toFile());
        float[] mono = pcm.mono();

        BeatAnalysis result = analyze(mono, pcm.sampleRate());

        assertEquals(120.0, result.tempoBpm(), 120 * 0.02);
        assertTrue(BeatMetrics.fMeasure(doubles(truth.get("beats")), result.beats()) >= 0.9);
        assertEquals("4/4", result.timeSignature());
        assertTrue(BeatMetrics.fMeasure(doubles(truth.get("downbeats")), result.downbeats()) >= 0.8,
                "downbeats " + Arrays.toString(result.downbeats()));
    }

    @Test
    void audioAt44100HzGivesTheSameTempoAndBeatsAsAt22050Hz() {
        double[] truth = TestSignals.beatTimes(123, 0.3, 19.9);
        BeatAnalysis low = analyze(withHiss(TestSignals.clickTrack(22_050, truth, 4, 20), 22_050), 22_050);
        BeatAnalysis high = analyze(withHiss(TestSignals.clickTrack(44_100, truth, 4, 20), 44_100), 44_100);

        assertEquals(low.tempoBpm(), high.tempoBpm(), low.tempoBpm() * 0.005);
        assertEquals(123, high.tempoBpm(), 123 * 0.02);
        assertTrue(BeatMetrics.fMeasure(low.beats(), high.beats(), 0.03) >= 0.95,
                "22.05 kHz " + Arrays.toString(low.beats()) + " vs 44.1 kHz " + Arrays.toString(high.beats()));
        assertEquals(low.timeSignature(), high.timeSignature());
    }

    @Test
    void silenceHasNoTempoAndSaysSilence() {
        BeatAnalysis result = analyze(new float[10 * RATE], RATE);

        assertNull(result.tempoBpm());
        assertEquals(BeatAnalysis.SILENCE, result.reason());
        assertEquals(0, result.beats().length);
        assertEquals(0, result.onsets().length);
        assertNull(result.timeSignature());
        assertEquals(10.0, result.durationSeconds(), 1e-9);
    }

    @Test
    void halfSecondClipHasNoTempoAndSaysTooShort() {
        float[] clip = TestSignals.clickTrack(RATE, new double[] {0.1, 0.35}, 0, 0.5);

        BeatAnalysis result = analyze(clip, RATE);

        assertNull(result.tempoBpm());
        assertEquals(BeatAnalysis.TOO_SHORT, result.reason());
        assertEquals(0.5, result.durationSeconds(), 1e-9);
    }

    @Test
    void emptyAudioIsSilence() {
        BeatAnalysis result = analyze(new float[0], RATE);

        assertNull(result.tempoBpm());
        assertEquals(BeatAnalysis.SILENCE, result.reason());
    }

    @Test
    void dcOffsetHasNoSteadyBeat() {
        float[] dc = new float[10 * RATE];
        Arrays.fill(dc, 0.5f);

        BeatAnalysis result = analyze(dc, RATE);

        assertNull(result.tempoBpm());
        assertEquals(BeatAnalysis.NO_STEADY_BEAT, result.reason());
    }

    @Test
    void whiteNoiseHasNoSteadyBeat() {
        BeatAnalysis result = analyze(TestSignals.noise(RATE, 10, 0.1, 1), RATE);

        assertNull(result.tempoBpm());
        assertEquals(BeatAnalysis.NO_STEADY_BEAT, result.reason());
        assertEquals(0, result.beats().length);
    }

    @Test
    void progressRisesWhileReadingAndEndsAtOne() {
        double[] truth = TestSignals.beatTimes(120, 0.3, 9.9);
        List<Double> seen = new ArrayList<>();

        engine.analyze(new FloatArraySource(TestSignals.clickTrack(RATE, truth, 0, 10), RATE), seen::add);

        assertTrue(seen.size() > 10, "progress calls " + seen.size());
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) >= seen.get(i - 1), "progress went back at " + i);
        }
        assertTrue(seen.get(0) < 0.2);
        assertEquals(1.0, seen.get(seen.size() - 1));
    }

    @Test
    void stereoSourceIsAnalysedAsItsMonoMix() {
        double[] truth = TestSignals.beatTimes(110, 0.3, 9.9);
        float[] mono = TestSignals.clickTrack(RATE, truth, 4, 10);
        float[] stereo = new float[mono.length * 2];
        for (int i = 0; i < mono.length; i++) {
            stereo[2 * i] = mono[i] * 1.5f;
            stereo[2 * i + 1] = mono[i] * 0.5f;
        }

        BeatAnalysis fromMono = analyze(mono, RATE);
        BeatAnalysis fromStereo = engine.analyze(new FloatArraySource(stereo, RATE, 2, 777), ProgressListener.NONE)
                .rhythm();

        assertEquals(fromMono.tempoBpm(), fromStereo.tempoBpm(), 1e-6);
        assertArrayEquals(fromMono.beats(), fromStereo.beats(), 1e-6);
    }

    @Test
    void threeMinutesOfAudioAnalyseInWellUnderASecond() {
        double[] truth = TestSignals.beatTimes(128, 0.3, 179.9);
        float[] audio = TestSignals.mix(TestSignals.clickTrack(RATE, truth, 4, 180),
                TestSignals.noise(RATE, 180, 0.02, 3));
        analyze(audio, RATE); // warm-up: JIT

        long best = Long.MAX_VALUE;
        BeatAnalysis result = null;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            result = engine.analyze(new FloatArraySource(audio, RATE, 1, 8192), ProgressListener.NONE).rhythm();
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf("3 min of 22.05 kHz mono analysed in %.1f ms%n", best / 1e6);

        assertTrue(best < 1_000_000_000L, "took " + best / 1e6 + " ms");
        assertEquals(128, result.tempoBpm(), 128 * 0.01);
        assertTrue(BeatMetrics.fMeasure(truth, result.beats()) >= 0.95);
    }

    @Test
    void keyOfAnEMinorCadenceIsEMinor() {
        // i - iv - V - i in E minor (E G B, A C E, B D# F#, E G B), twice, with harmonics and a bass
        int[][] chords = {{64, 67, 71}, {57, 60, 64}, {59, 63, 66}, {64, 67, 71}};
        MusicAnalysis result = engine.analyze(new FloatArraySource(TestSignals.chords(RATE, chords, 1.0, 2), RATE),
                ProgressListener.NONE);

        assertEquals("E", result.key().key());
        assertEquals("minor", result.key().mode());
        assertTrue(result.key().confidence() > 0.3, "confidence " + result.key().confidence());
    }

    @Test
    void keyOfADMajorCadenceIsDMajor() {
        // I - IV - V - I in D major (D F# A, G B D, A C# E, D F# A)
        int[][] chords = {{62, 66, 69}, {67, 71, 74}, {57, 61, 64}, {62, 66, 69}};
        MusicAnalysis result = engine.analyze(new FloatArraySource(TestSignals.chords(RATE, chords, 1.0, 2), RATE),
                ProgressListener.NONE);

        assertEquals("D", result.key().key());
        assertEquals("major", result.key().mode());
    }

    @Test
    void accelerandoFrom90To120BpmIsTrackedBeatByBeatWithARisingTempoCurve() {
        double[] truth = TestSignals.acceleratingBeatTimes(90, 120, 0.3, 40);
        BeatAnalysis result = analyze(TestSignals.clickTrack(RATE, truth, 4, 40), RATE);

        double f = BeatMetrics.fMeasure(truth, result.beats());
        assertTrue(f >= 0.95, "beat F-measure " + f + ", beats " + Arrays.toString(result.beats()));
        TempoPoint[] curve = result.tempoCurve();
        assertTrue(curve.length >= 5, Arrays.toString(curve));
        assertEquals(90 + 30 * curve[0].time() / 40, curve[0].bpm(), 90 * 0.05, Arrays.toString(curve));
        TempoPoint last = curve[curve.length - 1];
        assertEquals(90 + 30 * last.time() / 40, last.bpm(), 120 * 0.04, Arrays.toString(curve));
        assertTrue(last.bpm() > curve[0].bpm() + 20, Arrays.toString(curve));
        assertEquals(105, result.tempoBpm(), 105 * 0.04);
    }

    @Test
    void steadyTempoHasAFlatTempoCurveOnePointPerBar() {
        double[] truth = TestSignals.beatTimes(100, 0.5, 19.9);
        BeatAnalysis result = analyze(TestSignals.clickTrack(RATE, truth, 4, 20), RATE);

        assertEquals(result.downbeats().length, result.tempoCurve().length);
        for (TempoPoint p : result.tempoCurve()) {
            assertEquals(100, p.bpm(), 1.0, Arrays.toString(result.tempoCurve()));
        }
    }

    @Test
    void silenceHasNoKeyAndNoIntegratedLoudness() {
        MusicAnalysis result = engine.analyze(new FloatArraySource(new float[5 * RATE], RATE), ProgressListener.NONE);

        assertNull(result.key().key());
        assertNull(result.key().mode());
        assertNull(result.loudness().integratedLufs());
        assertNull(result.loudness().truePeakDbtp());
        assertEquals(0.0, result.loudness().loudnessRangeLu());
    }

    @Test
    void stereo44100HzIsMeasuredOnItsOriginalChannelsAndRate() {
        // a 997 Hz sine at -20 dBFS in both channels reads -20 LUFS (BS.1770's calibration)
        int rate = 44_100;
        float[] stereo = new float[10 * rate * 2];
        for (int i = 0; i < stereo.length / 2; i++) {
            float v = (float) (0.1 * Math.sin(2 * Math.PI * 997 * i / rate));
            stereo[2 * i] = v;
            stereo[2 * i + 1] = v;
        }
        MusicAnalysis result = engine.analyze(new FloatArraySource(stereo, rate, 2, 4096), ProgressListener.NONE);

        assertEquals(rate, result.sampleRate());
        assertEquals(2, result.channels());
        assertEquals(-20.0, result.loudness().integratedLufs(), 0.1);
        assertEquals(-20.0, result.loudness().truePeakDbtp(), 0.1);
        assertEquals(0.0, result.loudness().loudnessRangeLu(), 0.1);
        assertEquals(10.0, result.rhythm().durationSeconds(), 1e-3);
    }

    @Test
    void resultSerialisesWithSnakeCaseNamesAndALoudnessObject() throws IOException {
        double[] truth = TestSignals.beatTimes(120, 0.3, 9.9);
        MusicAnalysis result = engine.analyze(new FloatArraySource(TestSignals.clickTrack(RATE, truth, 4, 10), RATE),
                ProgressListener.NONE);

        JsonNode json = JSON.readTree(JSON.writeValueAsString(result));

        List<String> names = List.of("tempo_bpm", "tempo_confidence", "tempo_curve", "beats", "downbeats",
                "time_signature", "time_signature_confidence", "beat_confidence", "rhythm_regularity", "onsets",
                "duration_s", "reason", "key", "mode", "key_confidence", "loudness", "sample_rate", "channels");
        for (String name : names) {
            assertTrue(json.has(name), "missing " + name + " in " + json);
        }
        assertEquals(names.size(), json.size(), "no other properties: " + json);
        assertEquals(result.rhythm().tempoBpm(), json.get("tempo_bpm").asDouble(), 1e-9);
        assertEquals(result.rhythm().beats().length, json.get("beats").size());
        assertTrue(json.get("reason").isNull());
        assertTrue(json.get("tempo_curve").get(0).has("time") && json.get("tempo_curve").get(0).has("bpm"));
        for (String name : List.of("integrated_lufs", "loudness_range_lu", "true_peak_dbtp", "sample_peak_dbfs")) {
            assertTrue(json.get("loudness").has(name), "missing loudness." + name + " in " + json);
        }
        assertEquals(RATE, json.get("sample_rate").asInt());
        assertEquals(1, json.get("channels").asInt());
    }

    private BeatAnalysis analyze(float[] mono, int sampleRate) {
        return engine.analyze(new FloatArraySource(mono, sampleRate), ProgressListener.NONE).rhythm();
    }

    private static float[] withHiss(float[] audio, int sampleRate) {
        return TestSignals.mix(audio, TestSignals.noise(sampleRate, audio.length / (double) sampleRate, 0.005, 9));
    }

    private static double[] everyNth(double[] x, int n) {
        double[] out = new double[(x.length + n - 1) / n];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i * n];
        }
        return out;
    }

    private static AudioBuffer readResource(String name) throws IOException {
        try (InputStream in = MusicAnalysisEngineTest.class.getResourceAsStream(name)) {
            assertNotNull(in, "missing test resource " + name);
            try (AudioSource source = WavReader.open(in)) {
                return AudioFiles.readAll(source);
            }
        }
    }

    private static JsonNode readTruth(String name) throws IOException {
        try (InputStream in = MusicAnalysisEngineTest.class.getResourceAsStream(name)) {
            assertNotNull(in, "missing test resource " + name);
            return JSON.readTree(in);
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
