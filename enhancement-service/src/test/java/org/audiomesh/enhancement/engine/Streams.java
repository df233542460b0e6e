package org.audiomesh.enhancement.engine;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs streaming enhancers over planar test signals, and enhancers with a known behaviour. */
final class Streams {
    private Streams() {
    }

    /** Runs x (planar) through the enhancer in blocks of the given size; returns the output. */
    static float[][] run(StreamingEnhancer e, float[][] x, int block) throws IOException {
        int channels = x.length;
        int n = x[0].length;
        float[][] out = new float[channels][n];
        int[] written = {0};
        PlanarSink sink = (b, frames) -> {
            for (int c = 0; c < channels; c++) {
                System.arraycopy(b[c], 0, out[c], written[0], frames);
            }
            written[0] += frames;
        };
        float[][] buf = new float[channels][block];
        for (int pos = 0; pos < n; pos += block) {
            int m = Math.min(block, n - pos);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(x[c], pos, buf[c], 0, m);
            }
            e.process(buf, m, sink);
        }
        e.finish(sink);
        assertEquals(n, written[0], "frames out");
        return out;
    }

    /**
     * Scales its input by a constant and answers late: holds everything back until {@code holdFrames}
     * have arrived (as DeepFilterNet3 waits for whole chunks), then passes blocks on as they come.
     * Overwrites its input, as an enhancer may.
     */
    static final class LateScaler implements StreamingEnhancer {
        private final int rate;
        private final int channels;
        private final float gain;
        private final int holdFrames;
        private float[][] held;
        private int fill;
        private boolean flowing;
        long frames;

        LateScaler(int rate, int channels, float gain, int holdFrames) {
            this.rate = rate;
            this.channels = channels;
            this.gain = gain;
            this.holdFrames = holdFrames;
            this.held = new float[channels][holdFrames];
        }

        @Override
        public int sampleRate() {
            return rate;
        }

        @Override
        public int channels() {
            return channels;
        }

        @Override
        public void process(float[][] in, int n, PlanarSink out) throws IOException {
            frames += n;
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < n; i++) {
                    in[c][i] *= gain;
                }
            }
            if (flowing) {
                out.accept(in, n);
                return;
            }
            if (fill + n > held[0].length) {
                for (int c = 0; c < channels; c++) {
                    held[c] = java.util.Arrays.copyOf(held[c], fill + n);
                }
            }
            for (int c = 0; c < channels; c++) {
                System.arraycopy(in[c], 0, held[c], fill, n);
            }
            fill += n;
            if (fill >= holdFrames) {
                release(out);
            }
        }

        @Override
        public void finish(PlanarSink out) throws IOException {
            if (!flowing) {
                release(out);
            }
        }

        private void release(PlanarSink out) throws IOException {
            flowing = true;
            if (fill > 0) {
                out.accept(held, fill);
            }
        }

        @Override
        public Findings findings() {
            return new Findings(3, "white", 0, 0);
        }
    }
}
