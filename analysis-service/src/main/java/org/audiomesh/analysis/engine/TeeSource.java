package org.audiomesh.analysis.engine;

import java.io.IOException;
import org.audiomesh.common.audio.AudioFormat;
import org.audiomesh.common.audio.AudioSource;

/**
 * Passes another source through unchanged and shows every chunk read to listeners, like the Unix
 * {@code tee}: the loudness meter sees the original channels and sample rate while the rhythm and
 * pitch analysis reads the same chunks downstream, so the file is decoded once.
 */
public final class TeeSource implements AudioSource {

    private final AudioSource upstream;
    private final SampleListener[] listeners;

    public TeeSource(AudioSource upstream, SampleListener... listeners) {
        this.upstream = upstream;
        this.listeners = listeners.clone();
    }

    @Override
    public AudioFormat format() {
        return upstream.format();
    }

    @Override
    public int read(float[] dst, int maxFrames) throws IOException {
        int n = upstream.read(dst, maxFrames);
        if (n > 0) {
            for (SampleListener listener : listeners) {
                listener.samples(dst, n);
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        upstream.close();
    }
}
