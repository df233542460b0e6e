package org.audiomesh.analysis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TruePeakMeterTest {

    @Test
    void aQuarterRateSineSampledBetweenItsPeaksReadsItsTruePeak() {
        // samples of sin(2 pi n / 4 + pi / 4) are all +-0.707 of the amplitude: the peaks fall
        // between them, 3 dB above every sample
        float[] x = new float[48_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.sin(Math.PI / 2 * i + Math.PI / 4));
        }
        TruePeakMeter meter = new TruePeakMeter(1);
        meter.samples(x, x.length);

        assertEquals(20 * Math.log10(0.5 * Math.sqrt(0.5)), 20 * Math.log10(meter.samplePeak()), 0.01);
        assertEquals(20 * Math.log10(0.5), 20 * Math.log10(meter.truePeak()), 0.3);
    }

    @Test
    void aLowSineReadsItsSamplePeak() {
        float[] x = LoudnessMeterTest.sine(44_100, 1, 440, 0.25, 1);
        TruePeakMeter meter = new TruePeakMeter(1);
        meter.samples(x, x.length);

        assertEquals(meter.samplePeak(), meter.truePeak(), 0.25 * 0.005);
    }

    @Test
    void theLoudestChannelCountsAndTheLastSamplesAreNotLost() {
        // a lone full-scale-ish impulse at the very end of the right channel
        float[] x = new float[2 * 1000];
        x[2 * 999 + 1] = 0.8f;
        TruePeakMeter meter = new TruePeakMeter(2);
        meter.samples(x, 1000);

        assertEquals(0.8, meter.samplePeak(), 1e-6);
        assertTrue(meter.truePeak() >= 0.8 - 1e-6);
    }

    @Test
    void skippingQuietBlocksGivesTheSamePeakAsComputingAll() {
        // a loud burst first makes later quiet blocks skippable; a later, louder inter-sample
        // peak must still be found
        float[] x = new float[20_000];
        for (int i = 0; i < 1000; i++) {
            x[i] = (float) (0.3 * Math.sin(0.3 * i));
        }
        for (int i = 15_000; i < 15_100; i++) {
            x[i] = (float) (0.6 * Math.sin(Math.PI / 2 * i + Math.PI / 4));
        }
        TruePeakMeter meter = new TruePeakMeter(1);
        meter.samples(x, x.length);

        assertTrue(meter.truePeak() > 0.55, "true peak " + meter.truePeak());
    }
}
