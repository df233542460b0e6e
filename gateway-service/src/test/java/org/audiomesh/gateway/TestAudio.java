package org.audiomesh.gateway;

import org.audiomesh.common.audio.AudioBuffer;
import org.audiomesh.common.audio.SampleEncoding;
import org.audiomesh.common.audio.WavWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Audio files made in the test: a short tone as 16-bit WAV bytes. */
final class TestAudio {
    private TestAudio() {
    }

    /** A 440 Hz tone. */
    static byte[] toneWav(double seconds, int sampleRate, int channels) throws IOException {
        int n = (int) (seconds * sampleRate);
        float[][] s = new float[channels][n];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < n; i++) {
                s[c][i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / sampleRate));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WavWriter.write(out, new AudioBuffer(sampleRate, s), SampleEncoding.PCM_S16);
        return out.toByteArray();
    }
}
