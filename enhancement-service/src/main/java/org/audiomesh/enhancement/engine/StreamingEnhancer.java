package org.audiomesh.enhancement.engine;

import java.io.IOException;

/**
 * One enhancement algorithm run over one recording as a stream: planar blocks in at
 * {@link #sampleRate()}, planar blocks out at the same rate, with exactly as many frames out as
 * went in once {@link #finish} has returned (the algorithm's delay is compensated inside).
 * Memory does not grow with the length of the stream. Not thread-safe; one instance per recording.
 */
public interface StreamingEnhancer {

    /** Rate the algorithm runs at (Hz); the pipeline resamples in and out of it. */
    int sampleRate();

    /** Channels in and out. */
    int channels();

    /**
     * Consumes {@code frames} frames of {@code in[channel][0..frames)} and passes the enhanced
     * frames that are complete to {@code out}. The enhancer may overwrite {@code in}.
     */
    void process(float[][] in, int frames, PlanarSink out) throws IOException;

    /** Ends the stream: passes the remaining frames to {@code out}. */
    void finish(PlanarSink out) throws IOException;

    /** What the algorithm found about the recording; complete after {@link #finish}. */
    Findings findings();

    /**
     * @param estimatedSnrDb estimated input SNR (dB): speech power over noise power
     * @param noiseType      coarse noise label (see {@link org.audiomesh.enhancement.dsp.NoiseClassifier})
     * @param humHz          fundamental of the mains hum that was removed (Hz), 0 when none
     * @param humHarmonics   number of hum harmonics notched out
     */
    record Findings(double estimatedSnrDb, String noiseType, double humHz, int humHarmonics) {
    }
}
