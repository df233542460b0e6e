package org.audiomesh.common.audio;

/** Reads an {@link AudioBuffer} as an interleaved {@link AudioSource}. */
final class BufferSource implements AudioSource {
    private final AudioBuffer audio;
    private final AudioFormat format;
    private int position;

    BufferSource(AudioBuffer audio) {
        this.audio = audio;
        this.format = new AudioFormat(audio.sampleRate(), audio.channels(), audio.frames());
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public int read(float[] dst, int maxFrames) {
        int n = Math.min(maxFrames, audio.frames() - position);
        if (n <= 0) {
            return maxFrames <= 0 && position < audio.frames() ? 0 : -1;
        }
        float[][] planar = audio.samples();
        int channels = planar.length;
        for (int c = 0; c < channels; c++) {
            float[] src = planar[c];
            for (int i = 0, j = c; i < n; i++, j += channels) {
                dst[j] = src[position + i];
            }
        }
        position += n;
        return n;
    }

    @Override
    public void close() {
        position = audio.frames();
    }
}
