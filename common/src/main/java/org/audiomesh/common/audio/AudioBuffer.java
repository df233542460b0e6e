package org.audiomesh.common.audio;

/**
 * Decoded audio held in memory, one array per channel (planar): {@code samples[channel][frame]}.
 *
 * @param sampleRate frames per second (Hz)
 */
public record AudioBuffer(int sampleRate, float[][] samples) {

    public int channels() {
        return samples.length;
    }

    public int frames() {
        return samples.length == 0 ? 0 : samples[0].length;
    }

    public double durationSeconds() {
        return (double) frames() / sampleRate;
    }

    /** Mean of all channels, as a new array. */
    public float[] mono() {
        int n = frames();
        if (samples.length == 1) {
            return samples[0].clone();
        }
        float[] out = new float[n];
        for (float[] ch : samples) {
            for (int i = 0; i < n; i++) {
                out[i] += ch[i];
            }
        }
        float scale = 1f / samples.length;
        for (int i = 0; i < n; i++) {
            out[i] *= scale;
        }
        return out;
    }
}
