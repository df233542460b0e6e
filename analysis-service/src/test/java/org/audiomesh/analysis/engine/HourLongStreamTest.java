package org.audiomesh.analysis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.audiomesh.common.audio.AudioFormat;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.worker.ProgressListener;
import org.junit.jupiter.api.Test;

/**
 * An hour of stereo audio streams through the analysis in bounded memory. The build runs this
 * class alone in a JVM with a 128 MB heap (see the pom): the hour's samples alone would take
 * 460 MB, so an engine that held them would fail here with an OutOfMemoryError.
 */
class HourLongStreamTest {

    private static final int RATE = 16_000;
    private static final double SECONDS = 3600;
    private static final double BPM = 96;

    @Test
    void anHourOfStereoIsAnalysedWithoutHoldingIt() {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertTrue(maxHeap < 256L << 20, "run with a small heap, as the pom does (max heap " + (maxHeap >> 20) + " MB)");

        MusicAnalysis result = new MusicAnalysisEngine().analyze(new ClickSource(), ProgressListener.NONE);

        assertEquals(SECONDS, result.rhythm().durationSeconds(), 1e-6);
        assertNotNull(result.rhythm().tempoBpm(), result.rhythm().reason());
        assertEquals(BPM, result.rhythm().tempoBpm(), BPM * 0.01);
        assertTrue(result.rhythm().beats().length > 0.95 * SECONDS * BPM / 60, "beats " + result.rhythm().beats().length);
        assertEquals("4/4", result.rhythm().timeSignature());
        assertNotNull(result.loudness().integratedLufs());
        assertEquals(2, result.channels());
    }

    /** Stereo clicks at 96 BPM (every fourth louder), generated as they are read. */
    private static final class ClickSource implements AudioSource {
        private final long frames = (long) (SECONDS * RATE);
        private final double period = 60.0 / BPM * RATE;
        private long position;

        @Override
        public AudioFormat format() {
            return new AudioFormat(RATE, 2, frames);
        }

        @Override
        public int read(float[] dst, int maxFrames) {
            if (position >= frames) {
                return -1;
            }
            int n = (int) Math.min(maxFrames, frames - position);
            for (int i = 0; i < n; i++) {
                long t = position + i;
                long beat = (long) Math.floor(t / period);
                double since = (t - beat * period) / RATE;
                float v = 0f;
                if (since < 0.03) {
                    double amplitude = beat % 4 == 0 ? 0.8 : 0.4;
                    double hz = beat % 4 == 0 ? 1600 : 1000;
                    v = (float) (amplitude * Math.exp(-since / 0.006) * Math.sin(2 * Math.PI * hz * since));
                }
                dst[2 * i] = v;
                dst[2 * i + 1] = 0.5f * v;
            }
            position += n;
            return n;
        }

        @Override
        public void close() {
        }
    }
}
