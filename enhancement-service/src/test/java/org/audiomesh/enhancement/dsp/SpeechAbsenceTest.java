package org.audiomesh.enhancement.dsp;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpeechAbsenceTest {
    private static final int BINS = 321; // 640-point frames at 16 kHz
    private static final double HOP = 0.01;
    private static final double BIN_HZ = 25;

    private static double q(SpeechAbsence a, int k) {
        double r = a.ratio(k);
        return r / (1 + r);
    }

    @Test
    void noiseOnlyFramesAreTakenForSpeechAbsentUpToTheCap() {
        SpeechAbsence a = new SpeechAbsence(BINS, HOP, BIN_HZ);
        float[] xi = new float[BINS];
        Arrays.fill(xi, (float) Math.pow(10, -2.5)); // the a-priori SNR floor: nothing but noise
        for (int t = 0; t < 50; t++) {
            a.update(xi);
        }
        for (int k = 0; k < BINS; k++) {
            assertEquals(SpeechAbsence.Q_MAX, q(a, k), 1e-6, "bin " + k);
        }
    }

    @Test
    void aVoicedBandIsTakenForSpeechAndTheRestOfTheSpectrumIsNot() {
        SpeechAbsence a = new SpeechAbsence(BINS, HOP, BIN_HZ);
        float[] xi = new float[BINS];
        Arrays.fill(xi, (float) Math.pow(10, -2.5));
        for (int k = 8; k < 60; k++) { // 200-1500 Hz at 10 dB a-priori SNR
            xi[k] = 10f;
        }
        for (int t = 0; t < 10; t++) {
            a.update(xi);
        }
        for (int k = 10; k < 58; k++) {
            assertTrue(q(a, k) < 0.01, "speech bin " + k + ": q " + q(a, k));
        }
        for (int k = 150; k < BINS; k++) { // 3.75 kHz and up, far from the voiced band
            assertEquals(SpeechAbsence.Q_MAX, q(a, k), 1e-6, "bin " + k);
        }
    }

    @Test
    void theTailOfAWordIsNotCutAtOnceButAbsenceReturnsInSilence() {
        SpeechAbsence a = new SpeechAbsence(BINS, HOP, BIN_HZ);
        float[] speech = new float[BINS];
        Arrays.fill(speech, 10f);
        float[] fading = new float[BINS];
        Arrays.fill(fading, 1f); // 10 dB under the peak: still speech-like
        float[] silence = new float[BINS];
        Arrays.fill(silence, (float) Math.pow(10, -2.5));
        for (int t = 0; t < 10; t++) {
            a.update(speech);
        }
        a.update(fading);
        assertTrue(q(a, 100) < 0.5, "a word's decaying tail: q " + q(a, 100));
        for (int t = 0; t < 40; t++) {
            a.update(silence);
        }
        assertEquals(SpeechAbsence.Q_MAX, q(a, 100), 1e-6, "after 0.4 s of noise alone");
    }
}
