package org.audiomesh.separation.engine;

import org.audiomesh.common.audio.AudioFormat;
import org.audiomesh.common.audio.AudioSource;

/**
 * An {@link AudioSource} computing its samples on the fly (nothing held in memory, nothing
 * allocated per read): {@code sample(frame, channel)} of a test signal.
 */
final class GeneratedSource implements AudioSource {
    /** A test signal: the sample of one channel at one frame. */
    @FunctionalInterface
    interface Signal {
        float sample(long frame, int channel);
    }

    private final AudioFormat format;
    private final Signal signal;
    private final int maxPerRead;
    private long position;

    /** @param maxPerRead most frames one read returns (smaller than asked exercises refilling) */
    GeneratedSource(int sampleRate, int channels, long frames, int maxPerRead, Signal signal) {
        this.format = new AudioFormat(sampleRate, channels, frames);
        this.signal = signal;
        this.maxPerRead = maxPerRead;
    }

    GeneratedSource(int sampleRate, int channels, long frames, Signal signal) {
        this(sampleRate, channels, frames, Integer.MAX_VALUE, signal);
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public int read(float[] dst, int maxFrames) {
        if (position >= format.frames()) {
            return -1;
        }
        int n = (int) Math.min(Math.min(maxFrames, maxPerRead), format.frames() - position);
        int channels = format.channels();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                dst[i * channels + c] = signal.sample(position + i, c);
            }
        }
        position += n;
        return n;
    }

    @Override
    public void close() {
    }
}
