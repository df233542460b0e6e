package org.audiomesh.separation.engine;

import org.audiomesh.common.dsp.InverseStft;
import org.audiomesh.common.dsp.Stft;
import org.audiomesh.common.dsp.Window;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OverlapAddTest {

    @Test
    void unmaskedFramesComeBackAsTheSignal() {
        int n = 1024;
        int hop = 256;
        float[] window = Window.hannPeriodic(n);
        Random random = new Random(3);
        float[] signal = new float[5000];
        for (int i = 0; i < signal.length; i++) {
            signal[i] = random.nextFloat() * 2 - 1;
        }
        Stft stft = new Stft(n, hop, window);
        InverseStft inverse = new InverseStft(n, hop, window);
        OverlapAdd ola = new OverlapAdd(n, hop, window, 1);
        float[] spectrum = new float[n + 2];
        float[] frame = new float[n];
        float[][] out = new float[1][hop];
        int lead = n - hop; // the separator's framing: frame j starts at j*hop - lead
        double worst = 0;
        for (int j = 0; j * hop - lead < signal.length; j++) {
            stft.complexFrame(signal, j * hop - lead, spectrum);
            inverse.windowedFrame(spectrum, frame);
            ola.add(0, frame);
            ola.emit(out);
            int start = j * hop - lead;
            for (int i = 0; i < hop && start >= 0 && start + i < signal.length; i++) {
                worst = Math.max(worst, Math.abs(out[0][i] - signal[start + i]));
            }
        }
        assertEquals(0, worst, 1e-5);
    }

    @Test
    void aHopThatDoesNotDivideTheFrameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OverlapAdd(1000, 300, Window.hannPeriodic(1000), 1));
    }
}
