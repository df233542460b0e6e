package org.audiomesh.enhancement.engine;

import java.io.IOException;

/**
 * Two enhancers over the same stream, their outputs mixed sample by sample: the built-in
 * {@link StatisticalEnhancer} and a network (the DeepFilterNet3 chain, at the same rate through
 * {@link ResamplingEnhancer}). The two make different errors (the statistical one leaves babble
 * and music that it takes for speech, the network distorts speech where it is unsure), so their
 * mean is closer to the clean speech than either (measured in BENCHMARKS.md, "Hybrid engine").
 *
 * <p>Output = {@code (1 - s) builtin + s network} with {@code s = networkShare * noisiness}, where
 * {@code noisiness} is the built-in engine's own judgement ({@link StatisticalEnhancer#noisiness()}:
 * 1 for noisy speech, 0 for a clean recording, from the recording's level range), smoothed over
 * {@value #SMOOTHING_SECONDS} s. A clean recording thus passes as the built-in engine leaves it
 * (almost untouched), where a network trained on noisy speech would still change it.
 *
 * <p>Both enhancers compensate their own delay, so their frames line up; the one that answers
 * first (the built-in engine, one frame late; the network waits for whole chunks) is held in a
 * queue until the other catches up. Memory is that queue: the network's latency, a few seconds of
 * audio. The findings (SNR, noise type, hum) are the built-in engine's.
 */
public final class BlendedEnhancer implements StreamingEnhancer {
    static final double SMOOTHING_SECONDS = 0.05;
    private final StatisticalEnhancer builtin;
    private final StreamingEnhancer network;
    private final double networkShare;
    private final int channels;
    private final double smoothing;
    private final Queue fromBuiltin;
    private final Queue fromNetwork;
    private final PlanarSink builtinSink;
    private final PlanarSink networkSink;
    private float[][] copy = new float[0][];
    private float[][] mixed = new float[0][];
    private double share = -1;

    /**
     * @param builtin      the statistical enhancer
     * @param network      the other enhancer, at the same rate and channel count
     * @param networkShare largest share of the network's output in the mix, in [0, 1]
     */
    public BlendedEnhancer(StatisticalEnhancer builtin, StreamingEnhancer network, double networkShare) {
        if (builtin.sampleRate() != network.sampleRate() || builtin.channels() != network.channels()) {
            throw new IllegalArgumentException("the enhancers must share rate and channels: "
                    + builtin.sampleRate() + "/" + builtin.channels() + " vs "
                    + network.sampleRate() + "/" + network.channels());
        }
        if (!(networkShare >= 0 && networkShare <= 1)) {
            throw new IllegalArgumentException("network share must be in [0, 1]: " + networkShare);
        }
        this.builtin = builtin;
        this.network = network;
        this.networkShare = networkShare;
        this.channels = builtin.channels();
        this.smoothing = 1 - Math.exp(-1.0 / (SMOOTHING_SECONDS * builtin.sampleRate()));
        this.fromBuiltin = new Queue(channels + 1);
        this.fromNetwork = new Queue(channels);
        this.builtinSink = (block, n) -> fromBuiltin.add(block, n, (float) (networkShare * builtin.noisiness()));
        this.networkSink = (block, n) -> fromNetwork.add(block, n, Float.NaN);
    }

    @Override
    public int sampleRate() {
        return builtin.sampleRate();
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public void process(float[][] in, int frames, PlanarSink out) throws IOException {
        if (copy.length == 0 || copy[0].length < frames) {
            copy = new float[channels][frames];
        }
        for (int c = 0; c < channels; c++) {
            System.arraycopy(in[c], 0, copy[c], 0, frames); // each enhancer may overwrite its input
        }
        network.process(copy, frames, networkSink);
        builtin.process(in, frames, builtinSink);
        drain(out);
    }

    @Override
    public void finish(PlanarSink out) throws IOException {
        network.finish(networkSink);
        builtin.finish(builtinSink);
        drain(out);
    }

    @Override
    public Findings findings() {
        return builtin.findings();
    }

    /** Mixes and passes on the frames both enhancers have delivered. */
    private void drain(PlanarSink out) throws IOException {
        int n = Math.min(fromBuiltin.size, fromNetwork.size);
        if (n == 0) {
            return;
        }
        if (mixed.length == 0 || mixed[0].length < n) {
            mixed = new float[channels][n];
        }
        float[] target = fromBuiltin.data[channels];
        int a = fromBuiltin.start;
        int b = fromNetwork.start;
        if (share < 0) {
            share = target[a];
        }
        for (int i = 0; i < n; i++) {
            share += (target[a + i] - share) * smoothing;
            float s = (float) share;
            for (int c = 0; c < channels; c++) {
                mixed[c][i] = (1 - s) * fromBuiltin.data[c][a + i] + s * fromNetwork.data[c][b + i];
            }
        }
        fromBuiltin.remove(n);
        fromNetwork.remove(n);
        out.accept(mixed, n);
    }

    /** Planar frames waiting to be mixed (rows: the channels, then for the built-in side the share). */
    private static final class Queue {
        float[][] data;
        int start;
        int size;

        Queue(int rows) {
            data = new float[rows][8192];
        }

        void add(float[][] block, int n, float share) {
            int rows = data.length;
            if (start + size + n > data[0].length) {
                int capacity = data[0].length;
                while (size + n > capacity) {
                    capacity *= 2;
                }
                for (int r = 0; r < rows; r++) {
                    float[] next = capacity == data[r].length ? data[r] : new float[capacity];
                    System.arraycopy(data[r], start, next, 0, size);
                    data[r] = next;
                }
                start = 0;
            }
            int at = start + size;
            for (int c = 0; c < block.length && c < rows; c++) {
                System.arraycopy(block[c], 0, data[c], at, n);
            }
            if (block.length < rows) {
                java.util.Arrays.fill(data[rows - 1], at, at + n, share);
            }
            size += n;
        }

        void remove(int n) {
            start += n;
            size -= n;
            if (size == 0) {
                start = 0;
            }
        }
    }
}
