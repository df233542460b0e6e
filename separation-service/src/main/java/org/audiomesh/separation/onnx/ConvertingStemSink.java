package org.audiomesh.separation.onnx;

import org.audiomesh.common.audio.Resampler;
import org.audiomesh.separation.engine.Stem;
import org.audiomesh.separation.engine.StemSink;

import java.io.IOException;
import java.util.Arrays;

/**
 * Takes stems as a model makes them (two channels at the model's rate) and hands them on at
 * the input's rate and channel count: resampled by {@link Resampler} (no delay, so they stay
 * aligned), averaged to one channel for mono input, and for more than two channels written to
 * the first two with the others silent. {@link #finish} flushes the resamplers and makes every
 * stem exactly as long as the input.
 */
final class ConvertingStemSink implements StemSink {
    private final StemSink target;
    private final int channels;
    private final Resampler[] resamplers; // null when the rates match
    private final float[][] resampled;
    private final float[][] converted;
    private long written;

    /**
     * @param target    the sink at the input's format
     * @param modelRate rate of the stems handed in (Hz)
     * @param rate      rate of the input (Hz)
     * @param channels  channel count of the input
     */
    ConvertingStemSink(StemSink target, int modelRate, int rate, int channels) {
        this.target = target;
        this.channels = channels;
        int stems = Stem.values().length;
        this.resamplers = modelRate == rate ? null : new Resampler[stems];
        if (resamplers != null) {
            for (int s = 0; s < stems; s++) {
                resamplers[s] = new Resampler(modelRate, rate, 2);
            }
        }
        this.resampled = new float[stems][0];
        this.converted = new float[stems][0];
    }

    @Override
    public void write(float[][] stems, int frames) throws IOException {
        if (resamplers == null) {
            forward(stems, frames);
            return;
        }
        int n = 0;
        for (int s = 0; s < stems.length; s++) {
            int capacity = resamplers[s].maxOutputFrames(frames) * 2;
            if (resampled[s].length < capacity) {
                resampled[s] = new float[capacity];
            }
            n = resamplers[s].process(stems[s], frames, resampled[s]); // the same for every stem
        }
        forward(resampled, n);
    }

    /**
     * Ends the stems: flushes the resamplers and cuts or pads with silence to the input's length.
     *
     * @param inputFrames frames of the input, at its own rate
     * @return {@code inputFrames}, the frames of each stem written
     */
    long finish(long inputFrames) throws IOException {
        if (resamplers != null) {
            int n = 0;
            for (int s = 0; s < resamplers.length; s++) {
                int capacity = resamplers[s].maxOutputFrames(0) * 2;
                if (resampled[s].length < capacity) {
                    resampled[s] = new float[capacity];
                }
                n = resamplers[s].flush(resampled[s]);
            }
            forward(resampled, (int) Math.min(n, inputFrames - written));
        }
        while (written < inputFrames) {
            int n = (int) Math.min(4096, inputFrames - written);
            for (int s = 0; s < resampled.length; s++) {
                if (resampled[s].length < n * 2) {
                    resampled[s] = new float[n * 2];
                }
                Arrays.fill(resampled[s], 0, n * 2, 0f);
            }
            forward(resampled, n);
        }
        return written;
    }

    private void forward(float[][] stereo, int frames) throws IOException {
        if (frames <= 0) {
            return;
        }
        written += frames;
        if (channels == 2) {
            target.write(stereo, frames);
            return;
        }
        for (int s = 0; s < stereo.length; s++) {
            if (converted[s].length < frames * channels) {
                converted[s] = new float[frames * channels];
            }
            float[] in = stereo[s];
            float[] out = converted[s];
            for (int i = 0; i < frames; i++) {
                if (channels == 1) {
                    out[i] = 0.5f * (in[2 * i] + in[2 * i + 1]);
                } else {
                    out[i * channels] = in[2 * i];
                    out[i * channels + 1] = in[2 * i + 1];
                    Arrays.fill(out, i * channels + 2, (i + 1) * channels, 0f);
                }
            }
        }
        target.write(converted, frames);
    }
}
