package org.audiomesh.transcription.engine;

import org.audiomesh.common.audio.AudioBuffer;
import org.audiomesh.common.audio.AudioFiles;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PauseChunkerTest {
    private static final int RATE = 16_000;

    /** 2.3 s tone bursts separated by 0.4 s of silence, 40 s in all. */
    private static float[] burstsAndPauses() {
        float[] s = new float[40 * RATE];
        for (int i = 0; i < s.length; i++) {
            double t = (double) i / RATE;
            boolean pause = t % 2.7 >= 2.3;
            s[i] = pause ? 0f : (float) (0.3 * Math.sin(2 * Math.PI * 220 * t));
        }
        return s;
    }

    @Test
    void chunksAreAtMostTheLimitCutInsidePausesAndTogetherAreTheWholeStream() throws Exception {
        float[] signal = burstsAndPauses();
        List<AudioChunker.Chunk> chunks = new ArrayList<>();
        try (var source = AudioFiles.of(new AudioBuffer(RATE, new float[][] {signal}))) {
            PauseChunker chunker = new PauseChunker(source, 10 * RATE, 3 * RATE);
            AudioChunker.Chunk c;
            while ((c = chunker.next()) != null) {
                chunks.add(c);
            }
        }
        assertTrue(chunks.size() >= 4, "40 s in chunks of at most 10 s: " + chunks.size());
        long expectedStart = 0;
        float[] joined = new float[signal.length];
        for (int k = 0; k < chunks.size(); k++) {
            AudioChunker.Chunk c = chunks.get(k);
            assertEquals(expectedStart, c.start());
            assertTrue(c.samples().length <= 10 * RATE);
            System.arraycopy(c.samples(), 0, joined, (int) c.start(), c.samples().length);
            expectedStart += c.samples().length;
            if (k < chunks.size() - 1) {
                double cut = (double) expectedStart / RATE;
                assertTrue(cut % 2.7 >= 2.3 && cut % 2.7 < 2.7, "cut at " + cut + " s is not in a pause");
            }
        }
        assertEquals(signal.length, expectedStart);
        assertArrayEquals(signal, joined);
    }

    @Test
    void aStreamShorterThanTheLimitIsOneChunk() throws Exception {
        float[] signal = new float[RATE];
        try (var source = AudioFiles.of(new AudioBuffer(RATE, new float[][] {signal}))) {
            PauseChunker chunker = new PauseChunker(source, 10 * RATE, 3 * RATE);
            assertEquals(RATE, chunker.next().samples().length);
            assertEquals(null, chunker.next());
        }
    }
}
