package org.audiomesh.analysis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.audiomesh.common.audio.AudioBuffer;
import org.audiomesh.common.audio.AudioFiles;
import org.junit.jupiter.api.Test;

class HalfRateSourceTest {

    @Test
    void oddLengthGivesHalfTheFramesRoundedUpAtHalfTheRateInMono() throws IOException {
        HalfRateSource half = new HalfRateSource(new FloatArraySource(new float[2 * 1001], 44_100, 2, 300));

        assertEquals(22_050, half.format().sampleRate());
        assertEquals(1, half.format().channels());
        assertEquals(501, half.format().frames());
        assertEquals(501, AudioFiles.readAll(half).frames());
    }

    @Test
    void aToneWellBelowTheNewNyquistPassesUnchangedAndInTime() throws IOException {
        float[] in = LoudnessMeterTest.sine(44_100, 1, 1000, 0.5, 1);
        float[] out = AudioFiles.readAll(new HalfRateSource(new FloatArraySource(in, 44_100, 1, 777))).samples()[0];

        double error = 0;
        for (int j = 100; j < out.length - 100; j++) {
            error = Math.max(error, Math.abs(out[j] - in[2 * j]));
        }
        assertTrue(error < 0.5 * 0.01, "largest error " + error); // -46 dB: no delay, flat passband
    }

    @Test
    void aToneAboveTheNewNyquistIsRemoved() throws IOException {
        float[] in = LoudnessMeterTest.sine(44_100, 1, 14_000, 0.5, 1);
        float[] out = AudioFiles.readAll(new HalfRateSource(new FloatArraySource(in, 44_100, 1, 4096))).samples()[0];

        double peak = 0;
        for (int j = 100; j < out.length - 100; j++) {
            peak = Math.max(peak, Math.abs(out[j]));
        }
        assertTrue(20 * Math.log10(peak / 0.5) < -55, "14 kHz leaks at " + 20 * Math.log10(peak / 0.5) + " dB");
    }

    @Test
    void stereoIsMixedToMonoFirst() throws IOException {
        float[] stereo = new float[2 * 4000];
        for (int i = 0; i < 4000; i++) {
            stereo[2 * i] = 0.25f;
            stereo[2 * i + 1] = 0.75f;
        }
        AudioBuffer out = AudioFiles.readAll(new HalfRateSource(new FloatArraySource(stereo, 48_000, 2, 1000)));

        assertEquals(0.5, out.samples()[0][1000], 1e-4);
    }
}
