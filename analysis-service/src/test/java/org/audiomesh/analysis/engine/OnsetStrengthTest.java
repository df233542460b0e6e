package org.audiomesh.analysis.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.audiomesh.common.worker.ProgressListener;
import org.junit.jupiter.api.Test;

class OnsetStrengthTest {

    @Test
    void onsetsOfIrregularClicksAreAtTheClicks() throws IOException {
        double[] clicks = {0.4, 0.9, 1.1, 1.85, 2.6, 2.75, 3.5};
        float[] audio = TestSignals.clickTrack(22_050, clicks, 0, 4.0);

        OnsetEnvelope envelope = OnsetStrength.of(new FloatArraySource(audio, 22_050), ProgressListener.NONE);
        double[] onsets = OnsetStrength.onsets(envelope);

        assertEquals(clicks.length, onsets.length, java.util.Arrays.toString(onsets));
        for (int i = 0; i < clicks.length; i++) {
            assertEquals(clicks[i], onsets[i], 0.03, "onset " + i);
        }
    }

    @Test
    void envelopeHasOneFramePerHopAtAbout43FramesPerSecondAtAnyRate() throws IOException {
        for (int rate : new int[] {8_000, 16_000, 22_050, 44_100, 48_000}) {
            float[] audio = new float[rate * 3];
            OnsetEnvelope envelope = OnsetStrength.of(new FloatArraySource(audio, rate), ProgressListener.NONE);
            SpectrogramReader reader = new SpectrogramReader(rate);

            assertEquals(1 + audio.length / reader.hop(), envelope.frames(), "rate " + rate);
            assertEquals(43.07, envelope.frameRate(), 0.2, "rate " + rate);
            assertEquals(envelope.frames(), envelope.strength().length);
            assertEquals(envelope.frames(), envelope.energy().length);
        }
    }

    @Test
    void silenceHasAFlatZeroEnvelope() throws IOException {
        OnsetEnvelope envelope = OnsetStrength.of(new FloatArraySource(new float[22_050 * 2], 22_050),
                ProgressListener.NONE);

        for (int t = 0; t < envelope.frames(); t++) {
            assertEquals(0f, envelope.flux()[t]);
            assertEquals(0f, envelope.strength()[t]);
        }
        assertEquals(0, OnsetStrength.onsets(envelope).length);
    }

    @Test
    void envelopeDoesNotDependOnHowTheSourceIsChunked() throws IOException {
        double[] clicks = TestSignals.beatTimes(97, 0.2, 5.9);
        float[] audio = TestSignals.mix(TestSignals.clickTrack(22_050, clicks, 4, 6.0),
                TestSignals.noise(22_050, 6.0, 0.01, 5));

        OnsetEnvelope whole = OnsetStrength.of(new FloatArraySource(audio, 22_050, 1, 1 << 20), ProgressListener.NONE);
        OnsetEnvelope bits = OnsetStrength.of(new FloatArraySource(audio, 22_050, 1, 37), ProgressListener.NONE);

        assertArrayEquals(whole.flux(), bits.flux());
        assertArrayEquals(whole.energy(), bits.energy());
    }

    @Test
    void strengthIsTheFluxWithItsLocalMeanRemoved() {
        float[] flux = new float[200];
        for (int t = 0; t < flux.length; t++) {
            flux[t] = 5f + (t % 20 == 0 ? 10f : 0f);
        }

        float[] strength = OnsetStrength.minusLocalMean(flux, 41);

        // the 41 frames centred on 100 hold the impulses at 80, 100 and 120; those centred on
        // 101 only the ones at 100 and 120
        assertEquals(15f - (5f + 30f / 41f), strength[100], 1e-4f);
        assertEquals(5f - (5f + 20f / 41f), strength[101], 1e-4f);
    }
}
