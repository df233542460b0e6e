package org.audiomesh.enhancement.dsp;

import org.audiomesh.enhancement.TestSignals;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HumTest {
    private static final int RATE = 16000;

    @Test
    void finds50And60HzHumUnderSpeechAndRefinesADriftedFundamental() {
        for (double f0 : new double[] {50.0, 60.0, 50.3}) {
            int n = (int) (1.5 * RATE);
            float[] speech = TestSignals.speechLike(RATE, 1.5, 0.1, 7);
            float[] x = TestSignals.mix(speech, TestSignals.hum(n, RATE, f0), 5);
            HumDetector.Hum hum = HumDetector.detect(x, n, RATE);
            assertTrue(hum.present(), "hum at " + f0);
            assertEquals(f0, hum.fundamentalHz(), 0.06, "fundamental");
            assertTrue(hum.harmonics().contains(1) && hum.harmonics().size() >= 3, hum.toString());
        }
    }

    @Test
    void findsNoHumInWhiteNoiseOrSpeech() {
        int n = (int) (1.5 * RATE);
        assertFalse(HumDetector.detect(TestSignals.white(n, 4), n, RATE).present());
        float[] speech = TestSignals.speechLike(RATE, 1.5, 0.1, 8);
        assertFalse(HumDetector.detect(speech, n, RATE).present());
    }

    @Test
    void notchRemovesTheLinesByMoreThan40DbAndPassesSpeechFrequencies() {
        int n = 2 * RATE;
        float[] hum = TestSignals.hum(n, RATE, 60);
        float[] tone = new float[n];
        for (int i = 0; i < n; i++) {
            tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / RATE));
        }
        HumFilter filter = new HumFilter(RATE, 60, List.of(1, 2, 3, 4, 5));
        float[] y = hum.clone();
        filter.process(y, 0, n);
        for (int h = 1; h <= 5; h++) {
            double before = TestSignals.tonePower(hum, RATE, n, RATE, 60 * h);
            double after = TestSignals.tonePower(y, RATE, n, RATE, 60 * h);
            assertTrue(10 * Math.log10(before / after) > 40, "harmonic " + h + " reduced by "
                    + 10 * Math.log10(before / after) + " dB");
        }
        HumFilter pass = new HumFilter(RATE, 60, List.of(1, 2, 3, 4, 5));
        float[] t = tone.clone();
        pass.process(t, 0, n);
        double loss = 10 * Math.log10(TestSignals.tonePower(tone, RATE, n, RATE, 1000)
                / TestSignals.tonePower(t, RATE, n, RATE, 1000));
        assertEquals(0.0, loss, 0.05, "1 kHz passes");
    }
}
