package org.audiomesh.transcription.vad;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpeechRegionsTest {
    private static final int W = 512;
    private static final int RATE = 16000;

    private static float[] probs(String pattern) { // one character per window: # speech, . silence, - unsure
        float[] p = new float[pattern.length()];
        for (int i = 0; i < p.length; i++) {
            p[i] = switch (pattern.charAt(i)) {
                case '#' -> 0.9f;
                case '-' -> 0.4f;
                default -> 0.05f;
            };
        }
        return p;
    }

    @Test
    void aRegionStartsAtTheThresholdAndEndsAfterEnoughSilenceWithPadding() {
        String pattern = ".........." + "##########" + ".........." + "..........";
        float[] p = probs(pattern);
        List<SpeechRegions.Region> r = SpeechRegions.of(p, p.length, W, (long) p.length * W, RATE,
                SpeechRegions.Settings.defaults());
        assertEquals(1, r.size());
        long pad = 30 * RATE / 1000;
        assertEquals(10L * W - pad, r.get(0).start());
        assertEquals(20L * W + pad, r.get(0).end());
    }

    @Test
    void shortDipsAndUnsureWindowsDoNotEndSpeechAndShortBlipsAreDropped() {
        // 3 silent windows = 96 ms < 100 ms min silence; '-' is above the 0.35 end threshold
        String pattern = "...." + "##########...#####-----#####" + "............." + "##" + "..........";
        float[] p = probs(pattern);
        List<SpeechRegions.Region> r = SpeechRegions.of(p, p.length, W, (long) p.length * W, RATE,
                SpeechRegions.Settings.defaults());
        assertEquals(1, r.size(), "the 64 ms blip is shorter than 250 ms: " + r);
        assertEquals(4L * W - 480, r.get(0).start());
    }

    @Test
    void speechRunningToTheEndIsClosedThere() {
        String pattern = "....." + "##########";
        float[] p = probs(pattern);
        long total = (long) p.length * W - 100;
        List<SpeechRegions.Region> r = SpeechRegions.of(p, p.length, W, total, RATE, SpeechRegions.Settings.defaults());
        assertEquals(List.of(new SpeechRegions.Region(5L * W - 480, total)), r);
    }

    @Test
    void chunksGroupNeighbouringRegionsUpToTheLimitAndCutLongOnesAtTheLeastLikelyWindow() {
        int max = 100 * W;
        List<SpeechRegions.Region> regions = List.of(
                new SpeechRegions.Region(0, 30L * W), new SpeechRegions.Region(50L * W, 90L * W),
                new SpeechRegions.Region(120L * W, 400L * W));
        float[] p = new float[400];
        java.util.Arrays.fill(p, 0.9f);
        p[190] = 0.2f; // the quietest window in the last third of the first 100-window piece of the long region
        List<long[]> pieces = VadChunker.plan(regions, p, p.length, W, max);
        assertEquals(0, pieces.get(0)[0]);
        assertEquals(90L * W, pieces.get(0)[1]);
        assertEquals(120L * W, pieces.get(1)[0]);
        assertEquals(190L * W, pieces.get(1)[1]);
        for (long[] piece : pieces) {
            assertEquals(true, piece[1] - piece[0] <= max, "piece too long");
        }
        assertEquals(400L * W, pieces.get(pieces.size() - 1)[1]);
    }
}
