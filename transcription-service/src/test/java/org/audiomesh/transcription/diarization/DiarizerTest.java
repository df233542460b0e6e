package org.audiomesh.transcription.diarization;

import org.audiomesh.transcription.TestAudio;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Diarization of two synthetic speakers (espeak-ng voices {@code en-us+m3} and {@code en-us+f4},
 * synthesised at test time) taking turns, of one synthetic speaker, of one real speaker and of
 * two real speakers (pocketsphinx-testdata) taking turns.
 */
class DiarizerTest {
    private static final String[] SENTENCES = {
            "The weather was cold and the wind blew across the empty harbour.",
            "I think we should leave before the trains stop running tonight.",
            "Nobody expected the concert to sell out in less than an hour.",
            "Please put the books back on the shelf when you have finished.",
            "The garden needs water every morning during the summer months.",
            "We found an old map hidden under the floor of the kitchen.",
    };
    private static final String[] VOICES = {"en-us+m3", "en-us+f4"};
    private static final double GAP = 0.6;

    @TempDir
    static Path tmp;
    static Path alternating;
    /** [start, end, voice index] of each sentence in {@link #alternating}. */
    static List<double[]> truth = new ArrayList<>();
    static Path oneVoice;

    @BeforeAll
    static void synthesise() throws Exception {
        List<float[]> pieces = new ArrayList<>();
        List<float[]> same = new ArrayList<>();
        double t = 0.5;
        pieces.add(TestAudio.silence(t));
        same.add(TestAudio.silence(t));
        for (int i = 0; i < SENTENCES.length; i++) {
            float[] s = TestAudio.espeak(VOICES[i % 2], SENTENCES[i], tmp);
            pieces.add(s);
            pieces.add(TestAudio.silence(GAP));
            same.add(TestAudio.espeak(VOICES[0], SENTENCES[i], tmp));
            same.add(TestAudio.silence(GAP));
            double d = (double) s.length / TestAudio.RATE;
            truth.add(new double[] {t, t + d, i % 2});
            t += d + GAP;
        }
        alternating = tmp.resolve("alternating.wav");
        TestAudio.write(alternating, TestAudio.concat(pieces));
        oneVoice = tmp.resolve("one-voice.wav");
        TestAudio.write(oneVoice, TestAudio.concat(same));
    }

    @Test
    void twoAlternatingVoicesAreTwoSpeakersWithTheirTurnsAtTheRightTimes() throws Exception {
        List<SpeakerTurn> turns = new Diarizer().diarize(alternating, 0);
        assertEquals(2, speakers(turns), turns.toString());
        assertTrue(agreement(turns) >= 0.9, "agreement " + agreement(turns) + ": " + turns);
    }

    @Test
    void aKnownNumberOfSpeakersIsHonoured() throws Exception {
        List<SpeakerTurn> two = new Diarizer().diarize(alternating, 2);
        assertEquals(2, speakers(two));
        assertTrue(agreement(two) >= 0.9, "agreement " + agreement(two) + ": " + two);
        assertEquals(1, speakers(new Diarizer().diarize(alternating, 1)));
    }

    @Test
    void oneSyntheticVoiceIsOneSpeaker() throws Exception {
        List<SpeakerTurn> turns = new Diarizer().diarize(oneVoice, 0);
        assertEquals(1, speakers(turns), turns.toString());
    }

    @Test
    void oneRealReaderIsOneSpeaker() throws Exception {
        List<float[]> parts = new ArrayList<>();
        for (String id : new String[] {"0870", "0880", "0890", "0920", "0930"}) {
            parts.add(TestAudio.read(TestAudio.librivox(id)));
            parts.add(TestAudio.silence(0.5));
        }
        Path reader = tmp.resolve("reader.wav");
        TestAudio.write(reader, TestAudio.concat(parts));
        List<SpeakerTurn> turns = new Diarizer().diarize(reader, 0);
        assertEquals(1, speakers(turns), turns.toString());
    }

    @Test
    void twoRealSpeakersTakingTurnsAreTwoSpeakers() throws Exception {
        // the LibriVox reader and the speaker of pocketsphinx-testdata's "cards" recordings
        List<float[]> parts = new ArrayList<>();
        List<double[]> turnsTruth = new ArrayList<>();
        String[] reader = {"0870", "0880", "0890", "0920", "0930"};
        double t = 0;
        for (int i = 0; i < reader.length; i++) {
            for (int who = 0; who < 2; who++) {
                Path file = who == 0 ? TestAudio.librivox(reader[i]) : TestAudio.TEST_DATA.resolve("cards/00" + (i + 1) + ".wav");
                float[] s = TestAudio.read(file);
                parts.add(s);
                parts.add(TestAudio.silence(0.5));
                turnsTruth.add(new double[] {t, t + (double) s.length / TestAudio.RATE, who});
                t += (double) s.length / TestAudio.RATE + 0.5;
            }
        }
        Path pair = tmp.resolve("pair.wav");
        TestAudio.write(pair, TestAudio.concat(parts));
        List<SpeakerTurn> turns = new Diarizer().diarize(pair, 0);
        assertEquals(2, speakers(turns), turns.toString());
        assertTrue(agreement(turns, turnsTruth) >= 0.9, "agreement " + agreement(turns, turnsTruth) + ": " + turns);
    }

    @Test
    void silenceHasNoTurns() throws Exception {
        Path quiet = tmp.resolve("quiet.wav");
        TestAudio.write(quiet, TestAudio.silence(3));
        assertEquals(List.of(), new Diarizer().diarize(quiet, 0));
    }

    private static long speakers(List<SpeakerTurn> turns) {
        return turns.stream().map(SpeakerTurn::speaker).distinct().count();
    }

    /**
     * Share of the sentences' time that the turns attribute to the right voice, with Speaker 1 =
     * the first voice (labels are numbered by first appearance, and the first voice speaks first).
     */
    private static double agreement(List<SpeakerTurn> turns) {
        return agreement(turns, truth);
    }

    private static double agreement(List<SpeakerTurn> turns, List<double[]> truth) {
        double right = 0;
        double total = 0;
        for (double[] s : truth) {
            String expected = "Speaker " + ((int) s[2] + 1);
            for (SpeakerTurn t : turns) {
                double overlap = Math.min(s[1], t.end()) - Math.max(s[0], t.start());
                if (overlap > 0 && t.speaker().equals(expected)) {
                    right += overlap;
                }
            }
            total += s[1] - s[0];
        }
        return right / total;
    }
}
