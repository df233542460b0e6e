package org.audiomesh.common.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StftTest {

    @ParameterizedTest(name = "N={0}, H={1}")
    @CsvSource({"2048, 512", "1024, 256"})
    void stftThenInverseStftReconstructsARandomSignal(int frameSize, int hop) {
        Random random = new Random(42);
        float[] signal = new float[44_100];
        for (int i = 0; i < signal.length; i++) {
            signal[i] = (float) (random.nextGaussian() * 0.3);
        }
        float[] window = Window.hannPeriodic(frameSize);
        float[][] spectra = new Stft(frameSize, hop, window).complexFrames(signal);
        float[] rebuilt = new InverseStft(frameSize, hop, window).overlapAdd(spectra, signal.length);

        double maxError = 0;
        for (int i = frameSize; i < signal.length - frameSize; i++) {
            maxError = Math.max(maxError, Math.abs(rebuilt[i] - signal[i]));
        }
        assertTrue(maxError < 1e-5, "max reconstruction error " + maxError);
    }

    @Test
    void magnitudeOfAPureToneIsLargestAtItsBin() {
        int n = 1024;
        double sampleRate = 16_000;
        int bin = 64; // 1000 Hz exactly
        float[] signal = new float[n];
        for (int i = 0; i < n; i++) {
            signal[i] = (float) Math.sin(2 * Math.PI * bin * sampleRate / n * i / sampleRate);
        }
        Stft stft = new Stft(n, n / 4, Window.hannPeriodic(n));
        float[] magnitude = new float[stft.bins()];
        stft.magnitudeFrame(signal, 0, magnitude);

        int peak = argmax(magnitude);
        assertEquals(bin, peak);
        // a periodic Hann has coherent gain 1/2, so a unit sine gives N/4 at its bin
        assertEquals(n / 4.0, magnitude[bin], n / 4.0 * 1e-4);
        assertEquals(n / 8.0, magnitude[bin + 1], n / 8.0 * 1e-3);
        assertTrue(magnitude[bin + 3] < 1e-3 * magnitude[bin]);
    }

    @Test
    void complexFrameMatchesADirectDft() {
        int n = 32;
        Random random = new Random(7);
        float[] signal = new float[n];
        for (int i = 0; i < n; i++) {
            signal[i] = random.nextFloat() - 0.5f;
        }
        float[] window = Window.hannPeriodic(n);
        Stft stft = new Stft(n, n / 2, window);
        float[] spectrum = new float[2 * stft.bins()];
        stft.complexFrame(signal, 0, spectrum);
        for (int k = 0; k < stft.bins(); k++) {
            double re = 0;
            double im = 0;
            for (int i = 0; i < n; i++) {
                double x = signal[i] * window[i];
                re += x * Math.cos(2 * Math.PI * k * i / n);
                im -= x * Math.sin(2 * Math.PI * k * i / n);
            }
            assertEquals(re, spectrum[2 * k], 1e-5, "re " + k);
            assertEquals(im, spectrum[2 * k + 1], 1e-5, "im " + k);
        }
    }

    @Test
    void framesOverhangingTheSignalReadZerosOutside() {
        int n = 16;
        float[] signal = {1f};
        Stft stft = new Stft(n, 4, Window.hannPeriodic(n));
        float[] power = new float[stft.bins()];
        // the single sample sits at the window centre (gain 1): a flat spectrum of 1
        stft.powerFrame(signal, -n / 2, power);
        for (float p : power) {
            assertEquals(1f, p, 1e-6f);
        }
        assertEquals(1 + 100 / 4, stft.frameCount(100));
    }

    private static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }
}
