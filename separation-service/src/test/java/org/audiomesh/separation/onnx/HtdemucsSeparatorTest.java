package org.audiomesh.separation.onnx;

import org.audiomesh.common.onnx.OnnxModel;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.separation.engine.Stem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTDemucs engine's segmenting, padding, spectrogram layout and overlap-add, on a test graph. */
class HtdemucsSeparatorTest {
    private static final int RATE = 44100;
    @TempDir
    static Path dir;
    static HtdemucsSeparator separator;

    @BeforeAll
    static void load() throws Exception {
        separator = new HtdemucsSeparator(TestOnnx.load(TestGraphs.htdemucs(dir.resolve("htdemucs.onnx"))));
    }

    @Test
    void theSegmentIsReadFromTheGraphAndTheOutputsAreFoundByShape() {
        assertEquals(343_980, separator.segment());
        assertEquals("cpu", separator.details().get("execution_provider"));
    }

    @Test
    void aGraphThatReturnsItsInputGivesTheMixBackAcrossOverlappingSegments() throws Exception {
        int frames = 20 * RATE + 123; // four segments, the last one short
        TestSignals.Collected out = new TestSignals.Collected(2, frames);
        long written = separator.separate(TestSignals.song(RATE, 2, frames, 9000), out, ProgressListener.NONE);
        assertEquals(frames, written);
        assertEquals(frames, out.frames);
        int stride = (int) (0.75 * 343_980);
        double drums = 0;
        double vocalsLeft = 0;
        double silent = 0;
        double instrumental = 0;
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < 2; c++) {
                float mix = TestSignals.sample(i, c, RATE, 9000);
                int at = 2 * i + c;
                drums = Math.max(drums, Math.abs(out.of(Stem.DRUMS)[at] - mix)); // the time branch
                silent = Math.max(silent, Math.abs(out.of(Stem.BASS)[at]) + Math.abs(out.of(Stem.OTHER)[at]));
                instrumental = Math.max(instrumental, Math.abs(out.of(Stem.VOCALS)[at] + out.of(Stem.INSTRUMENTAL)[at] - mix));
                if (c == 1) {
                    silent = Math.max(silent, Math.abs(out.of(Stem.VOCALS)[at])); // right planes zeroed
                } else if (farFromSegmentEdges(i, stride, frames)) {
                    vocalsLeft = Math.max(vocalsLeft, Math.abs(out.of(Stem.VOCALS)[at] - mix)); // spectral branch
                }
            }
        }
        assertTrue(drums < 1e-4, "drums off the mix by " + drums);
        assertTrue(vocalsLeft < 1e-4, "left vocals off the mix by " + vocalsLeft);
        assertTrue(silent < 1e-6, "silent stems reach " + silent);
        assertTrue(instrumental < 1e-6, "vocals + instrumental off the mix by " + instrumental);
    }

    /** Demucs' zeroed outer frames attenuate the spectral branch within a frame of a segment's ends. */
    private static boolean farFromSegmentEdges(int i, int stride, int frames) {
        if (i < 8192 || i > frames - 8192) {
            return false;
        }
        for (long offset = 0; offset < frames; offset += stride) {
            long end = Math.min(offset + 343_980, frames);
            if (Math.abs(i - offset) < 8192 || Math.abs(i - end) < 8192) {
                return false;
            }
        }
        return true;
    }

    @Test
    void monoInputAtAnotherRateGivesMonoStemsOfItsLength() throws Exception {
        int rate = 22050;
        int frames = 9 * rate + 7;
        TestSignals.Collected out = new TestSignals.Collected(1, frames);
        assertEquals(frames, separator.separate(TestSignals.song(rate, 1, frames, 4000), out, ProgressListener.NONE));
        assertEquals(frames, out.frames);
        double worst = 0;
        for (int i = 1000; i < frames - 1000; i++) {
            worst = Math.max(worst, Math.abs(out.of(Stem.DRUMS)[i] - TestSignals.sample(i, 0, rate, 4000)));
        }
        assertTrue(worst < 1e-3, "drums off the mix by " + worst + " after resampling there and back");
    }

    @Test
    void aGraphWithoutHtdemucsInputsIsRefused() throws Exception {
        OnnxModel mdx = TestOnnx.load(TestGraphs.mdxLeftChannel(dir.resolve("mdx.onnx"), 64, 16));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HtdemucsSeparator(mdx));
        assertTrue(e.getMessage().contains("2 inputs and 2 outputs"), e.getMessage());
    }
}
