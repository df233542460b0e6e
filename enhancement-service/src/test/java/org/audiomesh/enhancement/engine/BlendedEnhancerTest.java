package org.audiomesh.enhancement.engine;

import org.audiomesh.enhancement.TestSignals;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlendedEnhancerTest {
    private static final int RATE = 16000;
    private static final StatisticalEnhancer.Settings DEFAULTS =
            new StatisticalEnhancer.Settings(25, ChannelMode.PER_CHANNEL, true, true);

    private static float[][] builtinAlone(float[][] x) throws IOException {
        return Streams.run(new StatisticalEnhancer(RATE, x.length, DEFAULTS), copy(x), 1000);
    }

    private static float[][] copy(float[][] x) {
        float[][] y = new float[x.length][];
        for (int c = 0; c < x.length; c++) {
            y[c] = x[c].clone();
        }
        return y;
    }

    @Test
    void noisySpeechGetsTheNetworksShareOfTheMixFromTheFirstSampleOn() throws IOException {
        float[] clean = TestSignals.speechLike(RATE, 4, 0.5, 31);
        float[][] noisy = {TestSignals.mix(clean, TestSignals.white(clean.length, 32), 0),
                TestSignals.mix(clean, TestSignals.pink(clean.length, 33), 5)};
        float[][] builtin = builtinAlone(noisy);
        // the "network" answers zeros (gain 0), 1.2 s late: the output is 0.65 of the built-in's
        BlendedEnhancer e = new BlendedEnhancer(new StatisticalEnhancer(RATE, 2, DEFAULTS),
                new Streams.LateScaler(RATE, 2, 0f, 19200), 0.35);
        float[][] y = Streams.run(e, copy(noisy), 999);
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < clean.length; i++) {
                assertEquals(0.65f * builtin[c][i], y[c][i], 1e-6f, "channel " + c + ", frame " + i);
            }
        }
    }

    @Test
    void theMixIsTheWeightedSumOfBothOutputs() throws IOException {
        float[] clean = TestSignals.speechLike(RATE, 3, 0.5, 41);
        float[][] noisy = {TestSignals.mix(clean, TestSignals.white(clean.length, 42), 0)};
        float[][] builtin = builtinAlone(noisy);
        // the "network" passes its input through unchanged
        float[][] y = Streams.run(new BlendedEnhancer(new StatisticalEnhancer(RATE, 1, DEFAULTS),
                new Streams.LateScaler(RATE, 1, 1f, 5000), 0.35), copy(noisy), 4096);
        for (int i = 0; i < clean.length; i++) {
            assertEquals(0.65f * builtin[0][i] + 0.35f * noisy[0][i], y[0][i], 1e-6f, "frame " + i);
        }
    }

    @Test
    void aCleanRecordingKeepsTheBuiltInEnginesOutput() throws IOException {
        // speech with a faint floor 70 dB down: the built-in engine judges it clean (noisiness 0)
        float[] clean = TestSignals.speechLike(RATE, 5, 0.5, 51);
        float[][] x = {TestSignals.mix(clean, TestSignals.white(clean.length, 52), 70)};
        float[][] builtin = builtinAlone(x);
        StatisticalEnhancer inner = new StatisticalEnhancer(RATE, 1, DEFAULTS);
        float[][] y = Streams.run(new BlendedEnhancer(inner, new Streams.LateScaler(RATE, 1, 0f, 3000), 0.35),
                copy(x), 2048);
        assertEquals(0, inner.noisiness(), 1e-9);
        // a zero "network" takes nothing from the output once the judgement has settled (after 1.5 s)
        double kept = TestSignals.siSdr(java.util.Arrays.copyOfRange(y[0], 2 * RATE, clean.length),
                java.util.Arrays.copyOfRange(builtin[0], 2 * RATE, clean.length));
        assertTrue(kept > 40, "built-in output kept at " + kept + " dB");
    }

    @Test
    void aZeroShareIsTheBuiltInEngineBitForBit() throws IOException {
        float[] clean = TestSignals.speechLike(RATE, 2.5, 0.5, 61);
        float[][] noisy = {TestSignals.mix(clean, TestSignals.pink(clean.length, 62), 0)};
        float[][] y = Streams.run(new BlendedEnhancer(new StatisticalEnhancer(RATE, 1, DEFAULTS),
                new Streams.LateScaler(RATE, 1, 0.3f, 777), 0), copy(noisy), 512);
        StatisticalEnhancer alone = new StatisticalEnhancer(RATE, 1, DEFAULTS);
        assertArrayEquals(Streams.run(alone, copy(noisy), 1000)[0], y[0]);
        BlendedEnhancer e = new BlendedEnhancer(new StatisticalEnhancer(RATE, 1, DEFAULTS),
                new Streams.LateScaler(RATE, 1, 0.3f, 777), 0.35);
        Streams.run(e, copy(noisy), 512);
        assertEquals(alone.findings(), e.findings(), "the built-in engine's findings");
    }

    @Test
    void enhancersOfDifferentRatesOrChannelsOrAShareOutsideZeroToOneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BlendedEnhancer(
                new StatisticalEnhancer(RATE, 1, DEFAULTS), new Streams.LateScaler(48000, 1, 1f, 1), 0.3));
        assertThrows(IllegalArgumentException.class, () -> new BlendedEnhancer(
                new StatisticalEnhancer(RATE, 1, DEFAULTS), new Streams.LateScaler(RATE, 2, 1f, 1), 0.3));
        assertThrows(IllegalArgumentException.class, () -> new BlendedEnhancer(
                new StatisticalEnhancer(RATE, 1, DEFAULTS), new Streams.LateScaler(RATE, 1, 1f, 1), 1.5));
    }
}
