package org.audiomesh.separation.onnx;

import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioFormat;
import org.audiomesh.common.audio.AudioSource;

import java.io.IOException;

/**
 * A song as a separation model reads it: resampled to the model's rate and made stereo
 * ({@link StereoSource}), while the frames read from the original source are counted, so the
 * stems can be given back at exactly the input's length.
 */
final class ModelInput {
    private final Counting counting;
    private final StereoSource stereo;
    private final long expectedFrames;

    private ModelInput(Counting counting, StereoSource stereo, long expectedFrames) {
        this.counting = counting;
        this.stereo = stereo;
        this.expectedFrames = expectedFrames;
    }

    /** @param modelRate the model's sample rate (Hz) */
    static ModelInput of(AudioSource source, int modelRate) {
        Counting counting = new Counting(source);
        StereoSource stereo = new StereoSource(AudioFiles.resampled(counting, modelRate));
        long frames = source.format().frames();
        long expected = frames < 0 ? -1 : (long) Math.ceil(frames * (double) modelRate / source.format().sampleRate());
        return new ModelInput(counting, stereo, expected);
    }

    /** The input at the model's rate, two channels. */
    AudioSource stereo() {
        return stereo;
    }

    /** Frames {@link #stereo()} will give as far as the input's header tells; -1 when unknown. */
    long expectedFrames() {
        return expectedFrames;
    }

    /** Frames read from the original source so far (its length once it has ended). */
    long inputFramesRead() {
        return counting.read;
    }

    /** Counts what passes through; closing is left to the owner of the original source. */
    private static final class Counting implements AudioSource {
        private final AudioSource source;
        private long read;

        Counting(AudioSource source) {
            this.source = source;
        }

        @Override
        public AudioFormat format() {
            return source.format();
        }

        @Override
        public int read(float[] dst, int maxFrames) throws IOException {
            int n = source.read(dst, maxFrames);
            if (n > 0) {
                read += n;
            }
            return n;
        }

        @Override
        public void close() {
        }
    }
}
