package org.audiomesh.enhancement.engine;

import org.audiomesh.common.audio.Resampler;

import java.io.IOException;

/**
 * Runs an enhancer that has a fixed rate (DeepFilterNet3's 48 kHz) inside a stream of another
 * rate: each block is resampled to the inner rate, enhanced, and resampled back. The
 * {@link Resampler} has no delay, so output frame {@code i} still belongs to input frame
 * {@code i}, and exactly as many frames come out as went in (the last frame of a round trip
 * between rates that do not divide is trimmed or padded with silence).
 */
public final class ResamplingEnhancer implements StreamingEnhancer {
    private final StreamingEnhancer inner;
    private final int rate;
    private final int channels;
    private final Resampler down;
    private final Resampler up;
    private final Back back = new Back();
    private float[] interleaved = new float[0];
    private float[] converted = new float[0];
    private float[][] planar = new float[0][];
    private long inputFrames;
    private long emittedFrames;
    private PlanarSink target;

    /**
     * @param inner the enhancer, at its own {@link StreamingEnhancer#sampleRate()}
     * @param rate  rate of the stream around it (Hz)
     */
    public ResamplingEnhancer(StreamingEnhancer inner, int rate) {
        this.inner = inner;
        this.rate = rate;
        this.channels = inner.channels();
        this.down = new Resampler(rate, inner.sampleRate(), channels);
        this.up = new Resampler(inner.sampleRate(), rate, channels);
    }

    /** {@code inner} itself when it already runs at {@code rate}, else {@code inner} wrapped. */
    public static StreamingEnhancer at(StreamingEnhancer inner, int rate) {
        return inner.sampleRate() == rate ? inner : new ResamplingEnhancer(inner, rate);
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
    public void process(float[][] in, int frames, PlanarSink out) throws IOException {
        target = out;
        inputFrames += frames;
        interleaved = ensure(interleaved, frames * channels);
        Interleaving.interleave(in, channels, frames, interleaved);
        converted = ensure(converted, down.maxOutputFrames(frames) * channels);
        toInner(down.process(interleaved, frames, converted));
    }

    @Override
    public void finish(PlanarSink out) throws IOException {
        target = out;
        converted = ensure(converted, down.maxOutputFrames(0) * channels);
        toInner(down.flush(converted));
        inner.finish(back);
        float[] rest = new float[up.maxOutputFrames(0) * channels];
        back.emit(rest, up.flush(rest));
        if (emittedFrames < inputFrames) { // a round trip between rates that do not divide may end a frame short
            int missing = (int) (inputFrames - emittedFrames);
            back.emit(new float[missing * channels], missing);
        }
    }

    @Override
    public Findings findings() {
        return inner.findings();
    }

    private void toInner(int n) throws IOException {
        if (n <= 0) {
            return;
        }
        if (planar.length == 0 || planar[0].length < n) {
            planar = new float[channels][n];
        }
        Interleaving.deinterleave(converted, channels, n, planar);
        inner.process(planar, n, back);
    }

    private static float[] ensure(float[] a, int length) {
        return a.length >= length ? a : new float[length];
    }

    /** The inner enhancer's output, resampled back to the stream's rate. */
    private final class Back implements PlanarSink {
        private float[] x = new float[0];
        private float[] y = new float[0];
        private float[][] block = new float[0][];

        @Override
        public void accept(float[][] in, int n) throws IOException {
            x = ensure(x, n * channels);
            Interleaving.interleave(in, channels, n, x);
            y = ensure(y, up.maxOutputFrames(n) * channels);
            emit(y, up.process(x, n, y));
        }

        void emit(float[] interleavedOut, int n) throws IOException {
            n = (int) Math.min(n, inputFrames - emittedFrames);
            if (n <= 0) {
                return;
            }
            if (block.length == 0 || block[0].length < n) {
                block = new float[channels][n];
            }
            Interleaving.deinterleave(interleavedOut, channels, n, block);
            emittedFrames += n;
            target.accept(block, n);
        }
    }
}
