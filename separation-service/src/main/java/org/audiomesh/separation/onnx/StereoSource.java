package org.audiomesh.separation.onnx;

import org.audiomesh.common.audio.AudioFormat;
import org.audiomesh.common.audio.AudioSource;

import java.io.IOException;

/**
 * Any source as two channels, the way the separation models take their input (as demucs'
 * {@code convert_audio_channels}): mono is duplicated, more than two channels are cut to the
 * first two.
 */
final class StereoSource implements AudioSource {
    private final AudioSource source;
    private final int channels;
    private final AudioFormat format;
    private float[] buffer = new float[0];

    StereoSource(AudioSource source) {
        this.source = source;
        this.channels = source.format().channels();
        this.format = new AudioFormat(source.format().sampleRate(), 2, source.format().frames());
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public int read(float[] dst, int maxFrames) throws IOException {
        if (channels == 2) {
            return source.read(dst, maxFrames);
        }
        if (buffer.length < maxFrames * channels) {
            buffer = new float[maxFrames * channels];
        }
        int n = source.read(buffer, maxFrames);
        for (int i = 0; i < n; i++) {
            float left = buffer[i * channels];
            dst[2 * i] = left;
            dst[2 * i + 1] = channels == 1 ? left : buffer[i * channels + 1];
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
