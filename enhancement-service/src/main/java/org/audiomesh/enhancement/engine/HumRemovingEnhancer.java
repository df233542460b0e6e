package org.audiomesh.enhancement.engine;

import org.audiomesh.enhancement.dsp.HumDetector;
import org.audiomesh.enhancement.dsp.HumFilter;
import org.audiomesh.enhancement.dsp.NoiseClassifier;

import java.io.IOException;

/**
 * Mains hum removal in front of another enhancer, as the built-in engine does it inside
 * ({@link StatisticalEnhancer}): the first {@value #SEARCH_SECONDS} s are held back and searched for
 * 50/60 Hz hum on the mean of the channels ({@link HumDetector}); when found, every channel goes
 * through a {@link HumFilter} (notches at the refined fundamental's harmonics) before the inner
 * enhancer sees it, from the first sample on. Output frames match input frames one for one (the
 * notches are causal IIR filters without delay compensation, as in the built-in engine).
 *
 * <p>The findings are the inner enhancer's, with the hum that was removed; the noise type says
 * {@code hum} when the hum lines held at least {@link NoiseClassifier}'s share of the power, as the
 * built-in engine reports it.
 */
public final class HumRemovingEnhancer implements StreamingEnhancer {
    static final double SEARCH_SECONDS = 1.5;
    private final StreamingEnhancer inner;
    private final int channels;
    private final float[][] held;
    private int fill;
    private boolean started;
    private HumDetector.Hum hum = HumDetector.Hum.NONE;
    private HumFilter[] filters;

    public HumRemovingEnhancer(StreamingEnhancer inner) {
        this.inner = inner;
        this.channels = inner.channels();
        this.held = new float[channels][(int) Math.round(SEARCH_SECONDS * inner.sampleRate())];
    }

    @Override
    public int sampleRate() {
        return inner.sampleRate();
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public void process(float[][] in, int frames, PlanarSink out) throws IOException {
        int offset = 0;
        if (!started) {
            int take = Math.min(frames, held[0].length - fill);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(in[c], 0, held[c], fill, take);
            }
            fill += take;
            offset = take;
            if (fill < held[0].length) {
                return;
            }
            start(out);
        }
        if (offset >= frames) {
            return;
        }
        if (offset > 0) {
            for (int c = 0; c < channels; c++) {
                System.arraycopy(in[c], offset, in[c], 0, frames - offset);
            }
        }
        filter(in, frames - offset);
        inner.process(in, frames - offset, out);
    }

    @Override
    public void finish(PlanarSink out) throws IOException {
        if (!started) {
            start(out);
        }
        inner.finish(out);
    }

    @Override
    public Findings findings() {
        Findings f = inner.findings();
        if (!hum.present()) {
            return f;
        }
        String type = hum.powerFraction() >= NoiseClassifier.HUM_SHARE ? "hum" : f.noiseType();
        return new Findings(f.estimatedSnrDb(), type, hum.fundamentalHz(), hum.harmonics().size());
    }

    /** The hum search over what is held, then the held frames (filtered when hum was found) go in. */
    private void start(PlanarSink out) throws IOException {
        started = true;
        if (fill == 0) {
            return;
        }
        hum = HumDetector.detectInMean(held, fill, inner.sampleRate());
        filters = HumFilter.perChannel(hum, inner.sampleRate(), channels);
        filter(held, fill);
        inner.process(held, fill, out);
    }

    private void filter(float[][] x, int n) {
        if (filters != null) {
            for (int c = 0; c < channels; c++) {
                filters[c].process(x[c], 0, n);
            }
        }
    }
}
