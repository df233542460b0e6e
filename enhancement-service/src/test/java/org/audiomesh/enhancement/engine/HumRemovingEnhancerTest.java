package org.audiomesh.enhancement.engine;

import org.audiomesh.enhancement.TestSignals;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HumRemovingEnhancerTest {
    private static final int RATE = 48000;

    /** The enhancer behind the hum removal: passes its input through, reports fixed findings. */
    private static final class PassThrough implements StreamingEnhancer {
        private final int channels;
        long frames;

        PassThrough(int channels) {
            this.channels = channels;
        }

        @Override
        public int sampleRate() {
            return RATE;
        }

        @Override
        public int channels() {
            return channels;
        }

        @Override
        public void process(float[][] in, int n, PlanarSink out) throws IOException {
            frames += n;
            out.accept(in, n);
        }

        @Override
        public void finish(PlanarSink out) {
        }

        @Override
        public Findings findings() {
            return new Findings(12.5, "white", 0, 0);
        }
    }

    @Test
    void notchesHumFoundInTheFirstSecondsFromTheFirstSampleOnInEveryChannel() throws IOException {
        int n = 3 * RATE;
        float[] speech = TestSignals.speechLike(RATE, 3, 0.2, 21);
        float[] noisy = TestSignals.mix(speech, TestSignals.hum(n, RATE, 50), 0);
        float[][] x = {noisy, noisy.clone()};
        PassThrough inner = new PassThrough(2);
        HumRemovingEnhancer e = new HumRemovingEnhancer(inner);
        float[][] y = Streams.run(e, x, 7001);
        assertEquals(n, inner.frames, "the inner enhancer saw every frame once");
        for (int c = 0; c < 2; c++) {
            // the notches' own settling aside (first 0.25 s), the 50 Hz line is down by more than 30 dB
            double before = TestSignals.tonePower(noisy, RATE / 4, n, RATE, 50);
            double after = TestSignals.tonePower(y[c], RATE / 4, n, RATE, 50);
            assertTrue(10 * Math.log10(before / after) > 30, "channel " + c + ": "
                    + 10 * Math.log10(before / after) + " dB");
            assertTrue(TestSignals.siSdr(y[c], speech) > TestSignals.siSdr(noisy, speech) + 10,
                    "speech against hum improves");
        }
        StreamingEnhancer.Findings f = e.findings();
        assertEquals(50.0, f.humHz(), 0.1);
        assertTrue(f.humHarmonics() >= 3, f.toString());
        assertEquals("hum", f.noiseType());
        assertEquals(12.5, f.estimatedSnrDb(), "the inner enhancer's SNR estimate");
    }

    @Test
    void leavesAudioWithoutHumUntouched() throws IOException {
        int n = 2 * RATE + 123;
        float[] speech = TestSignals.speechLike(RATE, n / (double) RATE, 0.2, 22);
        float[] noisy = TestSignals.mix(speech, TestSignals.white(n, 5), 10);
        HumRemovingEnhancer e = new HumRemovingEnhancer(new PassThrough(1));
        float[][] y = Streams.run(e, new float[][] {noisy.clone()}, 4096);
        assertArrayEquals(noisy, y[0]);
        assertEquals(new StreamingEnhancer.Findings(12.5, "white", 0, 0), e.findings());
    }

    @Test
    void handlesRecordingsShorterThanTheSearchWindow() throws IOException {
        float[] x = Arrays.copyOf(TestSignals.white(RATE / 2, 9), RATE / 2);
        float[][] y = Streams.run(new HumRemovingEnhancer(new PassThrough(1)), new float[][] {x.clone()}, 1000);
        assertArrayEquals(x, y[0]);
        float[][] empty = Streams.run(new HumRemovingEnhancer(new PassThrough(1)), new float[][] {new float[0]}, 1000);
        assertEquals(0, empty[0].length);
    }
}
