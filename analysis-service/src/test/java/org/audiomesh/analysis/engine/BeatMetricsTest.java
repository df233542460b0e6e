package org.audiomesh.analysis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The scorer the engine tests rely on must itself be right. */
class BeatMetricsTest {

    private static final double[] REFERENCE = {1.0, 1.5, 2.0, 2.5};

    @Test
    void beatsWithinSeventyMillisecondsScoreOne() {
        assertEquals(1.0, BeatMetrics.fMeasure(REFERENCE, new double[] {1.06, 1.44, 2.0, 2.569}), 1e-12);
    }

    @Test
    void beatsOffByMoreThanSeventyMillisecondsScoreZero() {
        assertEquals(0.0, BeatMetrics.fMeasure(REFERENCE, new double[] {1.08, 1.58, 2.08, 2.42}), 1e-12);
    }

    @Test
    void halfTheBeatsScoreTwoThirds() {
        // precision 1, recall 1/2
        assertEquals(2.0 / 3.0, BeatMetrics.fMeasure(REFERENCE, new double[] {1.0, 2.0}), 1e-12);
    }

    @Test
    void doubleTempoBeatsScoreTwoThirds() {
        // every reference beat found, but half the estimates are extra: precision 1/2, recall 1
        assertEquals(2.0 / 3.0, BeatMetrics.fMeasure(REFERENCE,
                new double[] {1.0, 1.25, 1.5, 1.75, 2.0, 2.25, 2.5, 2.75}), 1e-12);
    }

    @Test
    void oneEstimateMatchesOnlyOneReferenceBeat() {
        assertEquals(2 * 0.5 * (1.0 / 3.0) / (0.5 + 1.0 / 3.0),
                BeatMetrics.fMeasure(new double[] {1.0, 1.05, 3.0}, new double[] {1.02, 5.0}), 1e-12);
    }
}
