package org.audiomesh.analysis.noise;

import java.util.ArrayList;
import java.util.List;
import org.audiomesh.analysis.engine.SpectrogramReader;
import org.audiomesh.common.dsp.NoiseFeatures;

/**
 * Cuts a mono stream into consecutive windows of {@value #WINDOW_SECONDS} s and measures the
 * {@link NoiseFeatures} of each; a last, shorter window is kept when it holds at least
 * {@value #MIN_LAST_SECONDS} s. As a {@link SpectrogramReader.FrameListener} it reads the
 * samples the analysis already decodes (it ignores the spectrum frames), so it costs one feature
 * extraction per second of audio and no decoding. Memory: one window of samples plus
 * {@code 4 * NoiseFeatures.size()} bytes per second of audio. Not thread-safe.
 */
public final class NoiseWindowCollector implements SpectrogramReader.FrameListener {

    public static final double WINDOW_SECONDS = 1.0;
    static final double MIN_LAST_SECONDS = 0.5;

    private final int sampleRate;
    private final int windowLength;
    private final NoiseFeatures features;
    private final float[] window;
    private final List<NoiseWindow> windows = new ArrayList<>();
    private int fill;
    private long windowStart;

    /** @param sampleRate of the mono samples to be shown, Hz */
    public NoiseWindowCollector(int sampleRate) {
        this.sampleRate = sampleRate;
        this.windowLength = (int) Math.round(WINDOW_SECONDS * sampleRate);
        this.features = new NoiseFeatures(sampleRate);
        this.window = new float[windowLength];
    }

    @Override
    public void frame(float[] magnitude) {
        // the noise features need their own frames; the analysis frames are ignored
    }

    @Override
    public void samples(float[] mono, int from, int count) {
        int i = from;
        int end = from + count;
        while (i < end) {
            int n = Math.min(end - i, windowLength - fill);
            System.arraycopy(mono, i, window, fill, n);
            fill += n;
            i += n;
            if (fill == windowLength) {
                emit();
            }
        }
    }

    /** Measures the last, partial window if it is long enough; returns every window, in time order. */
    public List<NoiseWindow> finish() {
        if (fill >= MIN_LAST_SECONDS * sampleRate) {
            emit();
        }
        fill = 0;
        return List.copyOf(windows);
    }

    private void emit() {
        float[] out = new float[NoiseFeatures.size()];
        features.extract(window, 0, fill, out);
        windows.add(new NoiseWindow((double) windowStart / sampleRate, (double) (windowStart + fill) / sampleRate, out));
        windowStart += fill;
        fill = 0;
    }
}
