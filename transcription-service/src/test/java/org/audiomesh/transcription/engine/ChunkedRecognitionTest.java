package org.audiomesh.transcription.engine;

import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.transcription.TestAudio;
import org.audiomesh.transcription.transcript.Word;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A recording longer than one chunk, recognised piece by piece with the real PocketSphinx. */
class ChunkedRecognitionTest {
    @TempDir
    Path tmp;

    @Test
    void wordsOfEveryChunkComeBackInOrderAtTheirPlaceInTheFile() throws Exception {
        PocketSphinxRecognizer r = TestAudio.pocketSphinx();
        // three real recordings placed at known times: 7.1 s from 0.5 s, 2.99 s from 9.1 s, 3.29 s from 13.6 s
        double[] starts = {0.5, 9.1, 13.6};
        float[] track = TestAudio.place(List.of(TestAudio.read(TestAudio.librivox("0870")),
                TestAudio.read(TestAudio.librivox("0880")), TestAudio.read(TestAudio.librivox("0930"))), starts, 17.5);
        Path wav = tmp.resolve("long.wav");
        TestAudio.write(wav, track);
        Path work = Files.createDirectory(tmp.resolve("work"));
        List<Double> progress = new ArrayList<>();

        // 8 s chunks, each cut searched in its last 2.67 s: the cuts must find the pauses between recordings
        ChunkedRecognition.Result result = new ChunkedRecognition(r, 8)
                .recognize(wav, 17.5, work, (ProgressListener) progress::add);

        assertEquals(3, result.chunks());
        assertEquals(17.5, result.durationSeconds(), 1e-3);
        List<String> reference = new ArrayList<>(TestAudio.librivoxTranscript("0870"));
        reference.addAll(TestAudio.librivoxTranscript("0880"));
        reference.addAll(TestAudio.librivoxTranscript("0930"));
        double wer = TestAudio.wordErrorRate(reference, TestAudio.texts(result.words()));
        assertTrue(wer <= 0.5, "WER " + wer + ": " + TestAudio.texts(result.words()));
        double previous = 0;
        for (Word w : result.words()) {
            assertTrue(w.start() >= previous - 1e-9, "out of order: " + result.words());
            previous = w.start();
        }
        Word young = result.words().stream().filter(w -> w.word().equals("young")).findFirst().orElseThrow();
        assertTrue(young.start() > 9.1 + 1.5 && young.end() < 9.1 + 2.99, "'young' at " + young);
        // "he might even have been made amiable himself": "made" about 1.3 s into the recording
        Word made = result.words().stream().filter(w -> w.word().equals("made")).findFirst().orElseThrow();
        assertTrue(made.start() > 13.6 + 0.8 && made.end() < 13.6 + 2.2, "'made' at " + made);
        assertEquals(1.0, progress.get(progress.size() - 1));
        try (var files = Files.list(work)) {
            assertEquals(0, files.count(), "temporary chunk files are deleted");
        }
    }
}
