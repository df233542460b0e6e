package org.audiomesh.common.audio;

import java.io.IOException;

/** Streams another source converted to a new sample rate by a {@link Resampler}. */
final class ResamplingSource implements AudioSource {
    private static final int CHUNK_FRAMES = 4096;

    private final AudioSource upstream;
    private final Resampler resampler;
    private final AudioFormat format;
    private final int channels;
    private final float[] input;
    private final float[] output;
    private int outputFrames;
    private int outputPosition;
    private boolean upstreamEnded;

    ResamplingSource(AudioSource upstream, int targetRate) {
        this.upstream = upstream;
        AudioFormat f = upstream.format();
        this.channels = f.channels();
        this.resampler = new Resampler(f.sampleRate(), targetRate, channels);
        this.format = new AudioFormat(targetRate, channels, f.frames() < 0 ? -1 : resampler.outputFrames(f.frames()));
        this.input = new float[CHUNK_FRAMES * channels];
        this.output = new float[Math.max(resampler.maxOutputFrames(CHUNK_FRAMES), resampler.maxOutputFrames(0))
                * channels];
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public int read(float[] dst, int maxFrames) throws IOException {
        if (maxFrames <= 0) {
            return 0;
        }
        while (outputPosition == outputFrames) {
            if (upstreamEnded) {
                return -1;
            }
            int n = upstream.read(input, CHUNK_FRAMES);
            outputPosition = 0;
            if (n < 0) {
                upstreamEnded = true;
                outputFrames = resampler.flush(output);
            } else {
                outputFrames = resampler.process(input, n, output);
            }
        }
        int n = Math.min(maxFrames, outputFrames - outputPosition);
        System.arraycopy(output, outputPosition * channels, dst, 0, n * channels);
        outputPosition += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        upstream.close();
    }
}
