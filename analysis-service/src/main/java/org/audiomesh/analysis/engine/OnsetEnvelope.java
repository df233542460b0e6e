package org.audiomesh.analysis.engine;

/**
 * Onset-strength envelopes of one recording, one value per spectrum frame; frame {@code t} is at
 * {@code t / frameRate} seconds. All arrays have the same length.
 *
 * @param frameRate     frames per second (about 43)
 * @param flux          positive spectral flux of the log-mel spectrogram, mean over the mel
 *                      bands, dB per frame; 0 where nothing starts
 * @param strength      {@code flux} minus its local mean (about 1.5 s window): zero-mean, the
 *                      input to tempo estimation and beat tracking
 * @param lowBandFlux   positive spectral flux of the bands below 200 Hz only (kick drum, bass),
 *                      dB per frame
 * @param energy        mean mel-band power of the frame centred at {@code t / frameRate}
 *                      seconds, linear, 1.0 = full-scale white noise (not delayed like the
 *                      flux: summed over the frames around an onset it measures its loudness)
 */
public record OnsetEnvelope(double frameRate, float[] flux, float[] strength, float[] lowBandFlux,
        float[] energy) {

    /** Number of frames. */
    public int frames() {
        return flux.length;
    }

    /** Time of frame {@code t}, seconds. */
    public double timeOf(double frame) {
        return frame / frameRate;
    }
}
