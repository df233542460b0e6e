package org.audiomesh.common.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MelFilterbankTest {

    private static final double SAMPLE_RATE = 22_050;
    private static final int FFT = 2048;

    @Test
    void slaneyScaleIsLinearBelow1kHzAndLogarithmicAbove() {
        assertEquals(15.0, MelFilterbank.hzToMel(1000), 1e-12);
        assertEquals(3.0, MelFilterbank.hzToMel(200), 1e-12);
        assertEquals(15.0 + 27.0, MelFilterbank.hzToMel(6400), 1e-9);
        for (double hz : new double[] {0, 50, 440, 999, 1000, 4000, 11025}) {
            assertEquals(hz, MelFilterbank.melToHz(MelFilterbank.hzToMel(hz)), 1e-9 * (1 + hz));
        }
    }

    @Test
    void eachFilterPeaksAtTheBinNearestItsCentre() {
        MelFilterbank mel = new MelFilterbank(SAMPLE_RATE, FFT, 40, 0, SAMPLE_RATE / 2);
        double binHz = SAMPLE_RATE / FFT;
        for (int m = 0; m < mel.bands(); m++) {
            float[] w = mel.weights(m);
            int peak = 0;
            for (int k = 1; k < w.length; k++) {
                if (w[k] > w[peak]) {
                    peak = k;
                }
            }
            double centreBin = mel.centreHz(m) / binHz;
            assertTrue(Math.abs(peak - centreBin) <= 0.5 + 1e-9,
                    "band " + m + " peaks at bin " + peak + ", centre at bin " + centreBin);
            double[] edges = mel.edgesHz(m);
            for (int k = 0; k < w.length; k++) {
                if (w[k] > 0) {
                    assertTrue(k * binHz > edges[0] && k * binHz < edges[1], "band " + m + " bin " + k);
                }
            }
        }
    }

    @Test
    void slaneyNormalisationGivesEachTriangleUnitAreaPerHz() {
        // the triangle height is 2/(width in Hz), so the sum of weights times the bin width is ~1
        MelFilterbank mel = new MelFilterbank(SAMPLE_RATE, FFT, 40, 0, SAMPLE_RATE / 2);
        double binHz = SAMPLE_RATE / FFT;
        for (int m = 5; m < mel.bands(); m++) {
            double area = 0;
            for (float w : mel.weights(m)) {
                area += w * binHz;
            }
            assertEquals(1.0, area, 0.05, "band " + m);
        }
    }

    @Test
    void energyOfAPureToneLandsInTheBandCentredOnIt() {
        MelFilterbank mel = new MelFilterbank(SAMPLE_RATE, FFT, 64, 0, SAMPLE_RATE / 2);
        Stft stft = new Stft(FFT, 512, Window.hannPeriodic(FFT));
        float[] power = new float[stft.bins()];
        float[] bands = new float[mel.bands()];
        for (int target : new int[] {10, 30, 50}) {
            double hz = mel.centreHz(target);
            float[] tone = new float[FFT];
            for (int i = 0; i < FFT; i++) {
                tone[i] = (float) Math.sin(2 * Math.PI * hz * i / SAMPLE_RATE);
            }
            stft.powerFrame(tone, 0, power);
            mel.apply(power, bands);
            int loudest = 0;
            for (int m = 1; m < bands.length; m++) {
                if (bands[m] > bands[loudest]) {
                    loudest = m;
                }
            }
            assertEquals(target, loudest, "tone at " + hz + " Hz");
            assertTrue(bands[target] > 3 * Math.max(bands[target - 2], bands[target + 2]));
        }
    }

    @Test
    void weightsMatchLibrosaSlaneyDefaults() {
        // reference values from librosa 0.11 filters.mel(sr, n_fft, n_mels, fmin=0, fmax=11025)
        MelFilterbank mel40 = new MelFilterbank(22_050, 2048, 40, 0, 11_025);
        assertEquals(0.009808319620788097, mel40.weights(0)[6], 1e-8);
        assertEquals(0.012182634323835373, mel40.weights(10)[83], 1e-8);
        assertEquals(0.008913193829357624, mel40.weights(10)[85], 1e-8);
        assertEquals(0.0037687881849706173, mel40.weights(25)[292], 1e-8);
        assertEquals(0.0034705318976193666, mel40.weights(25)[294], 1e-8);
        assertEquals(0.0003435856197029352, mel40.weights(39)[1000], 1e-8);
        MelFilterbank mel128 = new MelFilterbank(44_100, 4096, 128, 0, 11_025);
        assertEquals(0.03271332383155823, mel128.weights(5)[14], 1e-7);
        assertEquals(0.01653047278523445, mel128.weights(5)[13], 1e-7);
        assertEquals(0.01727883145213127, mel128.weights(64)[187], 1e-7);
        assertEquals(0.0005210412200540304, mel128.weights(127)[1020], 1e-8);
        assertEquals(831.84324134, new MelFilterbank(22_050, 2048, 3, 0, 11_025).centreHz(0), 1e-6);
    }
}
