package org.audiomesh.separation.onnx;

import org.audiomesh.common.audio.AudioFormat;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.separation.engine.Stem;
import org.audiomesh.separation.engine.StemSink;

/** Band-limited test songs and a sink that keeps every stem. */
final class TestSignals {
    private TestSignals() {
    }

    /** Tones between 150 Hz and {@code maxHz}, different in each channel, slowly swelling. */
    static float sample(long frame, int channel, int rate, double maxHz) {
        double t = (double) frame / rate;
        double x = 0;
        double[] tones = {150, 440 + 30 * channel, 1250, maxHz * 0.6, maxHz};
        for (int i = 0; i < tones.length; i++) {
            x += Math.sin(2 * Math.PI * tones[i] * t + i + channel) / (i + 2);
        }
        return (float) (0.5 * x * (0.6 + 0.4 * Math.sin(2 * Math.PI * 0.37 * t + channel)));
    }

    static AudioSource song(int rate, int channels, long frames, double maxHz) {
        return new AudioSource() {
            private long position;

            @Override
            public AudioFormat format() {
                return new AudioFormat(rate, channels, frames);
            }

            @Override
            public int read(float[] dst, int maxFrames) {
                if (position >= frames) {
                    return -1;
                }
                int n = (int) Math.min(Math.min(maxFrames, 3000), frames - position); // odd-sized reads
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < channels; c++) {
                        dst[i * channels + c] = sample(position + i, c, rate, maxHz);
                    }
                }
                position += n;
                return n;
            }

            @Override
            public void close() {
            }
        };
    }

    /** Keeps every stem, interleaved. */
    static final class Collected implements StemSink {
        final int channels;
        final float[][] stems = new float[Stem.values().length][];
        int frames;

        Collected(int channels, int capacity) {
            this.channels = channels;
            for (int s = 0; s < stems.length; s++) {
                stems[s] = new float[capacity * channels];
            }
        }

        @Override
        public void write(float[][] blocks, int count) {
            for (int s = 0; s < blocks.length; s++) {
                System.arraycopy(blocks[s], 0, stems[s], frames * channels, count * channels);
            }
            frames += count;
        }

        float[] of(Stem stem) {
            return stems[stem.ordinal()];
        }
    }
}
