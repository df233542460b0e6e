package org.audiomesh.common.audio;

/**
 * Shape of a decoded PCM stream.
 *
 * @param sampleRate frames per second (Hz)
 * @param channels   channel count, at least 1
 * @param frames     total frames, or -1 when the source cannot tell before it is read to the end
 */
public record AudioFormat(int sampleRate, int channels, long frames) {
    public AudioFormat {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be positive: " + sampleRate);
        }
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be positive: " + channels);
        }
    }

    /** Duration in seconds, or -1 when the frame count is unknown. */
    public double durationSeconds() {
        return frames < 0 ? -1 : (double) frames / sampleRate;
    }
}
