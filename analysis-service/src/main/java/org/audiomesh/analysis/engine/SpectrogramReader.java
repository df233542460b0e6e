package org.audiomesh.analysis.engine;

import java.io.IOException;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.dsp.Stft;
import org.audiomesh.common.dsp.Window;
import org.audiomesh.common.worker.ProgressListener;

/**
 * Pulls a mono {@link AudioSource} chunk by chunk and hands each centred STFT magnitude frame to
 * listeners, so that rhythm features are computed in one streaming pass with memory bounded by
 * one chunk plus one frame, whatever the length of the audio.
 *
 * <p>The hop is chosen so that every sample rate gives about the same frame rate as librosa's
 * 22 050 Hz / 512-sample default (about 43 frames/s): {@code hop = round(sampleRate * 512 /
 * 22050)}; the frame is the power of two at least four hops long (2048 at 22 050 Hz, 4096 at
 * 44 100 Hz), with a periodic Hann window. Frame {@code t} is centred on sample {@code t * hop}
 * (the signal is padded with half a frame of zeros at both ends), so a stream of {@code L}
 * samples gives {@code 1 + L / hop} frames.
 *
 * <p>Not thread-safe: one reader per analysis.
 */
public final class SpectrogramReader {

    /** Receives the spectrum frames (and, if it wants them, the mono samples) of one stream. */
    @FunctionalInterface
    public interface FrameListener {
        /** One magnitude frame, {@code float[frameSize / 2 + 1]}, valid only during the call. */
        void frame(float[] magnitude);

        /**
         * The next {@code count} mono samples of the stream, in order, before the frames that
         * end in them; valid only during the call. Ignored unless overridden.
         */
        default void samples(float[] mono, int from, int count) {
        }
    }

    /**
     * What the pass saw.
     *
     * @param samples    mono samples read
     * @param frames     spectrum frames emitted
     * @param peakLevel  largest absolute sample value (1.0 = full scale)
     */
    public record Summary(long samples, int frames, float peakLevel) {
    }

    static final double REFERENCE_RATE = 22_050.0;
    static final int REFERENCE_HOP = 512;
    private static final int HOPS_PER_CHUNK = 16;

    private final int sampleRate;
    private final int hop;
    private final int frameSize;
    private final Stft stft;

    /** @param sampleRate sample rate of the audio to be read, Hz */
    public SpectrogramReader(int sampleRate) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        }
        this.sampleRate = sampleRate;
        this.hop = Math.max(1, (int) Math.round(sampleRate * REFERENCE_HOP / REFERENCE_RATE));
        int size = 2;
        while (size < 4 * hop) {
            size <<= 1;
        }
        this.frameSize = size;
        this.stft = new Stft(frameSize, hop, Window.hannPeriodic(frameSize));
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** Hop between frames, samples. */
    public int hop() {
        return hop;
    }

    /** FFT length, samples. */
    public int frameSize() {
        return frameSize;
    }

    /** Frames per second, {@code sampleRate / hop}. */
    public double frameRate() {
        return (double) sampleRate / hop;
    }

    /**
     * Reads the source to its end (it is not closed). A source with several channels is averaged
     * to mono on the way.
     *
     * @param progress receives the fraction of the source read so far, when its length is known
     * @throws IOException when the source fails
     */
    public Summary read(AudioSource source, ProgressListener progress, FrameListener... listeners)
            throws IOException {
        int channels = source.format().channels();
        long expected = source.format().frames();
        int chunk = hop * HOPS_PER_CHUNK;
        float[] interleaved = new float[chunk * channels];
        float[] pending = new float[2 * frameSize + chunk];
        float[] magnitude = new float[stft.bins()];
        int fill = frameSize / 2; // leading half frame of zeros centres frame 0 on sample 0
        long samples = 0;
        int frames = 0;
        float peak = 0f;
        int n;
        while ((n = source.read(interleaved, chunk)) >= 0) {
            if (channels == 1) {
                for (int i = 0; i < n; i++) {
                    float x = interleaved[i];
                    pending[fill + i] = x;
                    peak = Math.max(peak, Math.abs(x));
                }
            } else {
                float scale = 1f / channels;
                for (int i = 0; i < n; i++) {
                    float acc = 0f;
                    for (int c = 0; c < channels; c++) {
                        acc += interleaved[i * channels + c];
                    }
                    float x = acc * scale;
                    pending[fill + i] = x;
                    peak = Math.max(peak, Math.abs(x));
                }
            }
            for (FrameListener listener : listeners) {
                listener.samples(pending, fill, n);
            }
            fill += n;
            samples += n;
            int consumed = emitFrames(pending, fill, magnitude, listeners);
            frames += consumed;
            fill = compact(pending, fill, consumed);
            if (expected > 0) {
                progress.progress(Math.min(1.0, (double) samples / expected));
            }
        }
        // trailing half frame of zeros, so the last frame is centred at or after the last sample
        java.util.Arrays.fill(pending, fill, fill + frameSize / 2, 0f);
        fill += frameSize / 2;
        frames += emitFrames(pending, fill, magnitude, listeners);
        progress.progress(1.0);
        return new Summary(samples, frames, peak);
    }

    /** Emits every complete frame in {@code pending[0, fill)}; returns how many. */
    private int emitFrames(float[] pending, int fill, float[] magnitude, FrameListener[] listeners) {
        int count = 0;
        for (int start = 0; start + frameSize <= fill; start += hop) {
            stft.magnitudeFrame(pending, start, magnitude);
            for (FrameListener listener : listeners) {
                listener.frame(magnitude);
            }
            count++;
        }
        return count;
    }

    /** Drops the samples no later frame needs; returns the new fill. */
    private int compact(float[] pending, int fill, int framesEmitted) {
        int drop = framesEmitted * hop;
        System.arraycopy(pending, drop, pending, 0, fill - drop);
        return fill - drop;
    }
}
