package org.audiomesh.transcription.engine;

import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.audiomesh.transcription.TestAudio;
import org.audiomesh.transcription.transcript.Word;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real PocketSphinx of the OS packages on a real recording. */
class PocketSphinxRecognizerTest {
    @TempDir
    Path tmp;

    @Test
    void realRecordingIsRecognisedWithOrderedWordTimesInsideTheRecording() throws Exception {
        PocketSphinxRecognizer r = TestAudio.pocketSphinx();
        // "he was not an ill disposed young man", 2.99 s
        Path wav = tmp.resolve("speech.wav");
        Files.copy(TestAudio.librivox("0880"), wav);
        List<Word> words = r.recognize(wav, () -> { });
        double wer = TestAudio.wordErrorRate(TestAudio.librivoxTranscript("0880"), TestAudio.texts(words));
        assertTrue(wer <= 0.5, "WER " + wer + " for " + words);
        assertTrue(TestAudio.texts(words).containsAll(List.of("he", "was", "not", "young", "man")), words.toString());
        double previous = 0;
        for (Word w : words) {
            assertTrue(w.start() >= previous && w.end() >= w.start() && w.end() <= 2.99 + 0.05, words.toString());
            assertTrue(w.probability() >= 0 && w.probability() <= 1);
            previous = w.end();
        }
        // the speech starts after about 0.2 s of silence, "man" ends it
        assertEquals(0.2, words.get(0).start(), 0.15);
        assertEquals(2.75, words.get(words.size() - 1).end(), 0.25);
    }

    @Test
    void missingProgramIsReportedWithTheInstallHintAndFailsAsEngineUnavailable() {
        PocketSphinxRecognizer r = new PocketSphinxRecognizer("/nonexistent/pocketsphinx_continuous",
                TestAudio.MODEL_DIR);
        assertTrue(r.unavailableReason().orElseThrow().contains("apt-get install pocketsphinx"));
        ProcessingException e = assertThrows(ProcessingException.class,
                () -> r.recognize(tmp.resolve("x.wav"), () -> { }));
        assertEquals(ErrorCode.ENGINE_UNAVAILABLE, e.code());
    }

    @Test
    void missingModelIsReported() {
        PocketSphinxRecognizer r = new PocketSphinxRecognizer("sh", tmp);
        assertTrue(r.unavailableReason().orElseThrow().contains("model is missing"));
    }
}
