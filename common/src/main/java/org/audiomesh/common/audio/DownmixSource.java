package org.audiomesh.common.audio;

import java.io.IOException;

/** Streams the mean of all channels of another source as one channel. */
final class DownmixSource implements AudioSource {
    private static final int CHUNK_FRAMES = 8192;

    private final AudioSource upstream;
    private final AudioFormat format;
    private final int channels;
    private final float[] frames;

    DownmixSource(AudioSource upstream) {
        this.upstream = upstream;
        AudioFormat f = upstream.format();
        this.format = new AudioFormat(f.sampleRate(), 1, f.frames());
        this.channels = f.channels();
        this.frames = new float[CHUNK_FRAMES * channels];
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public int read(float[] dst, int maxFrames) throws IOException {
        int n = upstream.read(frames, Math.min(maxFrames, CHUNK_FRAMES));
        if (n <= 0) {
            return n;
        }
        float scale = 1f / channels;
        for (int i = 0, j = 0; i < n; i++) {
            float sum = 0f;
            for (int c = 0; c < channels; c++, j++) {
                sum += frames[j];
            }
            dst[i] = sum * scale;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        upstream.close();
    }
}
