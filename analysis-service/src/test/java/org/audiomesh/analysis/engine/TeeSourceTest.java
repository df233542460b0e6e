package org.audiomesh.analysis.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.audiomesh.common.audio.AudioFiles;
import org.junit.jupiter.api.Test;

class TeeSourceTest {

    @Test
    void listenersSeeExactlyTheSamplesThatAreRead() throws IOException {
        float[] stereo = new float[2 * 2500];
        for (int i = 0; i < stereo.length; i++) {
            stereo[i] = i * 1e-4f;
        }
        float[] seen = new float[stereo.length];
        int[] position = {0};
        TeeSource tee = new TeeSource(new FloatArraySource(stereo, 8000, 2, 333), (x, frames) -> {
            System.arraycopy(x, 0, seen, position[0], 2 * frames);
            position[0] += 2 * frames;
        });

        float[][] read = AudioFiles.readAll(tee).samples();

        assertEquals(stereo.length, position[0]);
        assertArrayEquals(stereo, seen);
        assertEquals(2500, read[0].length);
        assertEquals(stereo[2 * 1234 + 1], read[1][1234]);
    }
}
