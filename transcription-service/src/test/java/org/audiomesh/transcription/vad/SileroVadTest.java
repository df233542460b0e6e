package org.audiomesh.transcription.vad;

import org.audiomesh.common.onnx.OnnxInference;
import org.audiomesh.common.onnx.OnnxSettings;
import org.audiomesh.transcription.TestAudio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real Silero VAD model (built into the service by the build) on real speech and on silence. */
class SileroVadTest {
    private static OnnxInference onnx;
    private static SileroVad vad;

    @BeforeAll
    static void load() throws Exception {
        onnx = new OnnxInference(new OnnxSettings(List.of(org.audiomesh.common.onnx.ExecutionProvider.CPU), 1, 0));
        vad = new SileroVad(SileroVadModel.load(SileroVadModel.BUILTIN, onnx));
    }

    @AfterAll
    static void close() {
        onnx.close();
    }

    @Test
    void realSpeechPlacedInSilenceIsFoundWhereItWasPutAndNothingElse(@TempDir Path tmp) throws Exception {
        float[] speech = TestAudio.read(TestAudio.librivox("0880")); // about 4 s of a LibriVox reader
        float[] audio = TestAudio.place(List.of(speech), new double[]{3.0}, 3.0 + speech.length / 16000.0 + 4.0);
        Path wav = tmp.resolve("speech-in-silence.wav");
        TestAudio.write(wav, audio);

        VoiceActivity a = VoiceActivity.detect(wav, vad, SpeechRegions.Settings.defaults(), s -> { });

        assertEquals(audio.length, a.totalSamples());
        assertTrue(!a.regions().isEmpty(), "speech found");
        double first = a.regions().get(0).start() / 16000.0;
        double last = a.regions().get(a.regions().size() - 1).end() / 16000.0;
        double speechEnd = 3.0 + speech.length / 16000.0;
        assertTrue(first >= 2.7 && first <= 3.6, "speech starts at 3.0 s, found " + first);
        assertTrue(last >= speechEnd - 0.8 && last <= speechEnd + 0.4, "speech ends at " + speechEnd + " s, found " + last);
        assertTrue(a.speechSeconds() > 0.6 * speech.length / 16000.0, "most of the reading is speech: " + a.speechSeconds());
    }

    @Test
    void silenceAndSteadyToneHaveNoSpeech(@TempDir Path tmp) throws Exception {
        float[] audio = new float[16000 * 6];
        for (int i = 16000 * 3; i < audio.length; i++) {
            audio[i] = 0.3f * (float) Math.sin(2 * Math.PI * 440 * i / 16000.0); // an instrument-like steady tone
        }
        Path wav = tmp.resolve("silence-and-tone.wav");
        TestAudio.write(wav, audio);

        VoiceActivity a = VoiceActivity.detect(wav, vad, SpeechRegions.Settings.defaults(), s -> { });

        assertEquals(List.of(), a.regions());
        assertEquals(0.0, a.speechSeconds());
    }
}
