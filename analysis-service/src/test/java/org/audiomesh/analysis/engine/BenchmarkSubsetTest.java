package org.audiomesh.analysis.engine;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.audio.FfmpegDecoder;
import org.audiomesh.common.worker.ProgressListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scores the analysis on nine 16-second songs of the benchmark design (tools/analysis-bench,
 * rendered with fluidsynth, stored as MP3): 4/4 rock, pop and syncopated, sparse drums, no
 * drums, a waltz, 6/8 with and without drums, a tempo drift. The thresholds are today's scores,
 * so a change that loses a song fails here; BENCHMARKS.md has the full set.
 */
class BenchmarkSubsetTest {

    private static final String[] SONGS = {"rock-96", "pop16-156", "sparse-88", "syncopated-132",
        "nodrums-block-76", "waltz-138", "six8-84", "nodrums-six8-72", "drift-rock-96-120"};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Scored> SCORES = new ArrayList<>();

    record Scored(String song, double beatF, boolean acc1, boolean acc2, double downbeatF, boolean meter, boolean key) {
    }

    @BeforeAll
    static void analyseTheSubset() throws IOException, URISyntaxException {
        assertTrue(FfmpegDecoder.available(), "this test needs ffmpeg to decode its MP3 fixtures (apt-get install -y ffmpeg)");
        MusicAnalysisEngine engine = new MusicAnalysisEngine();
        for (String song : SONGS) {
            JsonNode truth = JSON.readTree(resource(song + ".json").toFile());
            MusicAnalysis result;
            try (AudioSource in = AudioFiles.open(resource(song + ".mp3"))) {
                result = engine.analyze(in, ProgressListener.NONE);
            }
            BeatAnalysis r = result.rhythm();
            double tempo = truth.get("tempo_bpm").asDouble();
            Double ours = r.tempoBpm();
            boolean acc1 = ours != null && Math.abs(ours - tempo) <= 0.04 * tempo;
            boolean acc2 = false;
            for (double f : new double[] {1, 2, 3, 0.5, 1.0 / 3}) {
                acc2 |= ours != null && Math.abs(ours - f * tempo) <= 0.04 * f * tempo;
            }
            SCORES.add(new Scored(song,
                    BeatMetrics.fMeasure(doubles(truth.get("beats")), r.beats()), acc1, acc2,
                    BeatMetrics.fMeasure(doubles(truth.get("downbeats")), r.downbeats()),
                    truth.get("time_signature").asText().equals(r.timeSignature()),
                    truth.get("key").asText().equals(result.key().key())
                            && truth.get("mode").asText().equals(result.key().mode())));
        }
        SCORES.forEach(System.out::println);
    }

    @Test
    void beatFMeasureIsAtLeast095() {
        double f = SCORES.stream().mapToDouble(Scored::beatF).average().orElseThrow();
        assertTrue(f >= 0.95, "mean beat F-measure " + f + ": " + SCORES);
    }

    @Test
    void everyTempoIsWithin4Percent() {
        assertTrue(SCORES.stream().allMatch(Scored::acc1), "Acc1: " + SCORES);
        assertTrue(SCORES.stream().allMatch(Scored::acc2), "Acc2: " + SCORES);
    }

    @Test
    void downbeatFMeasureIsAtLeast090() {
        double f = SCORES.stream().mapToDouble(Scored::downbeatF).average().orElseThrow();
        assertTrue(f >= 0.90, "mean downbeat F-measure " + f + ": " + SCORES);
    }

    @Test
    void atMostOneMeterIsWrong() {
        long right = SCORES.stream().filter(Scored::meter).count();
        assertTrue(right >= SONGS.length - 1, right + " of " + SONGS.length + " meters right: " + SCORES);
    }

    @Test
    void atMostOneKeyIsWrong() {
        long right = SCORES.stream().filter(Scored::key).count();
        assertTrue(right >= SONGS.length - 1, right + " of " + SONGS.length + " keys right: " + SCORES);
    }

    private static Path resource(String name) throws URISyntaxException {
        URL url = BenchmarkSubsetTest.class.getResource("/audio/bench/" + name);
        assertNotNull(url, "missing test resource /audio/bench/" + name);
        return Path.of(url.toURI());
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
