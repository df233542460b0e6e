package org.audiomesh.analysis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TempoCurveTest {

    @Test
    void steadyBeatsGiveOnePointPerBarAtTheirTempo() {
        double[] beats = TestSignals.beatTimes(120, 1.0, 20.9);
        TempoPoint[] curve = TempoCurve.of(beats, 4, 1);

        assertEquals((beats.length - 2) / 4 + 1, curve.length);
        assertEquals(beats[1], curve[0].time(), 1e-3);
        for (TempoPoint p : curve) {
            assertEquals(120, p.bpm(), 0.01);
        }
    }

    @Test
    void aMissingBeatDoesNotHalveTheLocalTempo() {
        double[] beats = TestSignals.beatTimes(100, 0.0, 12);
        double[] gapped = new double[beats.length - 1];
        System.arraycopy(beats, 0, gapped, 0, 9);
        System.arraycopy(beats, 10, gapped, 9, beats.length - 10);

        for (TempoPoint p : TempoCurve.of(gapped, 4, 0)) {
            assertEquals(100, p.bpm(), 0.5);
        }
    }

    @Test
    void withoutAMeterThereIsAPointEveryFourBeats() {
        TempoPoint[] curve = TempoCurve.of(TestSignals.beatTimes(90, 0.0, 10), 0, -1);

        assertEquals(4, curve.length);
    }

    @Test
    void fewerThanThreeBeatsGiveNoCurve() {
        assertEquals(0, TempoCurve.of(new double[] {1.0, 1.5}, 4, 0).length);
    }
}
