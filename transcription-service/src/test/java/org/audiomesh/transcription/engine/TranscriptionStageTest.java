package org.audiomesh.transcription.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.audiomesh.common.storage.BlobKey;
import org.audiomesh.common.storage.FileSystemBlobStore;
import org.audiomesh.common.storage.JobIds;
import org.audiomesh.common.worker.EngineInput;
import org.audiomesh.common.worker.EngineResult;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.common.worker.StageOutputs;
import org.audiomesh.transcription.TestAudio;
import org.audiomesh.transcription.diarization.Diarizer;
import org.audiomesh.transcription.diarization.SpeakerDiarizer;
import org.audiomesh.transcription.diarization.SpeakerTurn;
import org.audiomesh.transcription.transcript.Segment;
import org.audiomesh.transcription.transcript.Word;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stage without Kafka: options, outputs, diarization beside recognition, its recoverable failure. */
class TranscriptionStageTest {
    private static final ObjectMapper MAPPER = new ContractJson().mapper();
    private static ExecutorService threads;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        threads = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stop() {
        threads.shutdownNow();
    }

    /** A recogniser that hears fixed words, for the stage's own logic. */
    private static final class FixedWords implements SpeechRecognizer {
        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public Optional<String> unavailableReason() {
            return Optional.empty();
        }

        @Override
        public boolean supportsLanguage(String language) {
            return "en".equals(language);
        }

        @Override
        public List<Word> recognize(Path wav, Runnable heartbeat) {
            return List.of(new Word("hello", 0.2, 0.5, 0.9), new Word("there", 0.6, 0.9, 0.8));
        }
    }

    private EngineResult run(TranscriptionStage stage, Path audio, Map<String, String> options, FileSystemBlobStore store,
                             String id) throws IOException {
        EngineInput input = new EngineInput(id, audio, AudioFiles.probe(audio), options,
                new StageOutputs(store, id, Stage.TRANSCRIPTION));
        return stage.process(input, ProgressListener.NONE);
    }

    private JsonNode stored(FileSystemBlobStore store, String id) throws IOException {
        try (InputStream in = store.open(new BlobKey(id, "transcription", "transcript.json"))) {
            return MAPPER.readTree(in);
        }
    }

    private String text(FileSystemBlobStore store, String id, String name) throws IOException {
        try (InputStream in = store.open(new BlobKey(id, "transcription", name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void realSpeechBecomesATranscriptWithTimedWordsASpeakerAndAllFiveFiles() throws Exception {
        TranscriptionStage stage = new TranscriptionStage(TestAudio.pocketSphinx(), 30, new Diarizer(), threads, MAPPER);
        FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("data"));
        String id = JobIds.newId();
        Path audio = TestAudio.librivox("0880");

        JsonNode result = run(stage, audio, Map.of("language", "en"), store, id).result();

        assertEquals("pocketsphinx", result.get("engine").asText());
        assertEquals("en", result.get("language").asText());
        assertEquals("completed", result.get("diarization").get("status").asText());
        assertEquals(2.99, result.get("duration_seconds").asDouble(), 1e-3);
        assertTrue(result.get("text").asText().contains("young man"), result.toString());
        JsonNode t = stored(store, id);
        assertEquals("en", t.get("language").asText());
        assertEquals("pocketsphinx", t.get("engine").asText());
        assertEquals(result.get("text").asText(), t.get("text").asText());
        JsonNode segment = t.get("segments").get(0);
        assertEquals("Speaker 1", segment.get("speaker").asText());
        JsonNode first = segment.get("words").get(0);
        for (String field : new String[] {"word", "start", "end", "probability"}) {
            assertTrue(first.has(field), field + " in " + first);
        }
        assertEquals(segment.get("start").asDouble(), first.get("start").asDouble());
        assertEquals(List.of("Speaker 1"), MAPPER.convertValue(t.get("speakers"), List.class));
        for (String f : new String[] {"transcript.json", "transcript.srt", "transcript.vtt", "lyrics.lrc", "lyrics.ass"}) {
            assertTrue(store.exists(new BlobKey(id, "transcription", f)), f + " is stored");
        }
        assertTrue(text(store, id, "transcript.srt").startsWith("1\n00:00:00,"));
        assertTrue(text(store, id, "transcript.vtt").startsWith("WEBVTT\n\n1\n00:00:00."));
        assertTrue(text(store, id, "lyrics.lrc").contains("young <00:02."), text(store, id, "lyrics.lrc"));
        assertTrue(text(store, id, "lyrics.ass").contains("{\\k"));
    }

    @Test
    void knownLyricsAreEmittedLineByLineWithTheRecognisersTimes() throws Exception {
        TranscriptionStage stage = new TranscriptionStage(TestAudio.pocketSphinx(), 30, null, threads, MAPPER);
        FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("data"));
        String id = JobIds.newId();

        JsonNode result = run(stage, TestAudio.librivox("0880"),
                Map.of("lyrics", "He was not an ill-disposed\nyoung man."), store, id).result();

        assertEquals("lyrics_alignment", result.get("mode").asText());
        assertEquals("He was not an ill-disposed young man.", result.get("text").asText());
        JsonNode t = stored(store, id);
        assertEquals(2, t.get("segments").size());
        assertEquals("young man.", t.get("segments").get(1).get("text").asText());
        assertEquals(Segment.UNKNOWN_SPEAKER, t.get("segments").get(1).get("speaker").asText());
        assertEquals("disabled", t.get("diarization").get("status").asText());
        JsonNode alignment = t.get("lyrics_alignment");
        assertEquals(7, alignment.get("known_words").asInt());
        assertTrue(alignment.get("matched").asInt() >= 5, alignment.toString());
        // "young" at the time the recogniser heard it, about 1.9 to 2.3 s into the recording
        JsonNode young = t.get("segments").get(1).get("words").get(0);
        assertEquals(2.05, young.get("start").asDouble(), 0.25);
        double previous = 0;
        for (JsonNode s : t.get("segments")) {
            for (JsonNode w : s.get("words")) {
                assertTrue(w.get("start").asDouble() >= previous, t.toString());
                previous = w.get("start").asDouble();
            }
        }
    }

    @Test
    void aFailedDiarizationLeavesTheTranscriptWithUnknownSpeakers() throws Exception {
        SpeakerDiarizer broken = (audio, n) -> {
            throw new IOException("diarizer broke");
        };
        TranscriptionStage stage = new TranscriptionStage(new FixedWords(), 30, broken, threads, MAPPER);
        FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("data"));
        String id = JobIds.newId();

        JsonNode result = run(stage, TestAudio.librivox("0880"), Map.of(), store, id).result();

        assertEquals("failed", result.get("diarization").get("status").asText());
        assertEquals("diarizer broke", result.get("diarization").get("message").asText());
        assertEquals("hello there", result.get("text").asText());
        assertEquals(Segment.UNKNOWN_SPEAKER, stored(store, id).get("segments").get(0).get("speaker").asText());
    }

    @Test
    void theKnownNumberOfSpeakersReachesTheDiarizer() throws Exception {
        AtomicInteger asked = new AtomicInteger(-1);
        SpeakerDiarizer counting = (audio, n) -> {
            asked.set(n);
            return List.of(new SpeakerTurn(0.0, 0.55, "Speaker 1"), new SpeakerTurn(0.55, 1.0, "Speaker 2"));
        };
        TranscriptionStage stage = new TranscriptionStage(new FixedWords(), 30, counting, threads, MAPPER);
        FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("data"));
        String id = JobIds.newId();

        JsonNode result = run(stage, TestAudio.librivox("0880"), Map.of("num_speakers", "2"), store, id).result();

        assertEquals(2, asked.get());
        assertEquals(2, result.get("diarization").get("speakers").asInt());
        List<String> speakers = new ArrayList<>();
        stored(store, id).get("segments").forEach(s -> speakers.add(s.get("speaker").asText()));
        assertEquals(List.of("Speaker 1", "Speaker 2"), speakers);
        assertTrue(text(store, id, "transcript.vtt").contains("<v Speaker 2>there"));
    }

    @Test
    void aLanguageOtherThanEnglishIsAnInvalidOption() throws Exception {
        TranscriptionStage stage = new TranscriptionStage(new FixedWords(), 30, null, threads, MAPPER);
        FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("data"));
        ProcessingException e = assertThrows(ProcessingException.class,
                () -> run(stage, TestAudio.librivox("0880"), Map.of("language", "de"), store, JobIds.newId()));
        assertEquals(ErrorCode.INVALID_OPTION, e.code());
        assertTrue(e.getMessage().contains("English only"));
    }

    @Test
    void withoutPocketSphinxTheStageFailsAsEngineUnavailable() throws Exception {
        TranscriptionStage stage = new TranscriptionStage(
                new PocketSphinxRecognizer("/nonexistent/pocketsphinx_continuous", TestAudio.MODEL_DIR), 30, null,
                threads, MAPPER);
        assertTrue(stage.unavailableReason().isPresent());
        FileSystemBlobStore store = new FileSystemBlobStore(tmp.resolve("data"));
        ProcessingException e = assertThrows(ProcessingException.class,
                () -> run(stage, TestAudio.librivox("0880"), Map.of(), store, JobIds.newId()));
        assertEquals(ErrorCode.ENGINE_UNAVAILABLE, e.code());
        assertEquals(false, e.retryable());
    }
}
