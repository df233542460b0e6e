package org.audiomesh.analysis.engine;

import org.audiomesh.common.audio.AudioFormat;
import org.audiomesh.common.audio.AudioSource;

/** An {@link AudioSource} over interleaved samples in memory, handed out in small odd-sized reads. */
final class FloatArraySource implements AudioSource {

    private final float[] samples;
    private final AudioFormat format;
    private final int maxRead;
    private int position;

    FloatArraySource(float[] mono, int sampleRate) {
        this(mono, sampleRate, 1, 1000);
    }

    /** @param maxRead largest number of frames one read returns, to exercise chunking */
    FloatArraySource(float[] interleaved, int sampleRate, int channels, int maxRead) {
        this.samples = interleaved;
        this.format = new AudioFormat(sampleRate, channels, interleaved.length / channels);
        this.maxRead = maxRead;
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public int read(float[] dst, int maxFrames) {
        int channels = format.channels();
        int available = samples.length / channels - position;
        if (available <= 0) {
            return -1;
        }
        int n = Math.min(Math.min(maxFrames, maxRead), available);
        System.arraycopy(samples, position * channels, dst, 0, n * channels);
        position += n;
        return n;
    }

    @Override
    public void close() {
    }
}
