package org.audiomesh.analysis.engine;

/**
 * The onset (beat-activation) function of the analysis: it sees one recording stream past, as
 * mono samples and as spectrum frames, and gives one activation value per spectrum frame at the
 * end. Tempo, beat, meter and downbeat estimation only read its {@link OnsetEnvelope}, so a
 * neural beat-activation model (an ONNX export, see {@code MODELS.md}) can replace the built-in
 * spectral flux ({@link OnsetStrength}) by implementing this interface, resampling its own
 * activation onto the frame grid of the {@link SpectrogramReader}.
 *
 * <p>One instance per recording; not thread-safe.
 */
public interface OnsetFunction extends SpectrogramReader.FrameListener {

    /** The envelopes of everything received, one value per spectrum frame. */
    OnsetEnvelope finish();

    /** Makes the onset function of one recording. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param sampleRate sample rate of the mono stream, Hz
         * @param frameSize  FFT length of the spectrum frames, samples
         * @param hop        hop between frames, samples
         */
        OnsetFunction create(double sampleRate, int frameSize, int hop);
    }
}
