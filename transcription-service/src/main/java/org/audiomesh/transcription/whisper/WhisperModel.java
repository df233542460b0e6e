package org.audiomesh.transcription.whisper;

import java.util.List;

/**
 * A Whisper export behind one interface, whatever its layout ({@link HfWhisperModel} for
 * Hugging Face optimum's encoder + merged decoder, {@link SherpaWhisperModel} for sherpa-onnx's).
 * Thread-safe: each decoding keeps its own {@link Decoder}.
 */
public interface WhisperModel {

    /** Layout name for results and health, e.g. {@code hf-optimum}. */
    String layout();

    /** Mel bands the encoder takes (80, or 128 for large-v3). */
    int mels();

    /** Size of the decoder's output (the vocabulary). */
    int vocabSize();

    /** Longest token context of the decoder (448). */
    int textContext();

    /** Whether {@link Decoder#step} can return cross-attention weights (word timing by DTW). */
    boolean hasCrossAttention();

    /** Alignment heads as {@code [layer, head]} pairs (word timing). */
    List<int[]> alignmentHeads();

    /**
     * Runs the encoder.
     *
     * @param mel {@code [mels][3000]} row-major, from {@link LogMel#window}
     */
    AudioFeatures encode(float[] mel);

    /** A decoder with an empty cache over {@code features}. */
    Decoder decoder(AudioFeatures features);

    /** The encoder's output, opaque to callers. */
    interface AudioFeatures {
    }

    /** One decoding's key/value cache; {@link #copy} forks it (beam search). Not thread-safe. */
    interface Decoder {
        /**
         * Feeds {@code tokens} after those already in the cache.
         *
         * @param attention whether to return the alignment heads' cross-attention
         * @return logits per fed token and, when asked and available, per alignment head
         *         {@code [head][token][1500]} softmaxed cross-attention weights
         */
        Step step(int[] tokens, boolean attention);

        /** An independent copy of this cache. */
        Decoder copy();
    }

    /**
     * @param logits    {@code [fed token][vocab]}
     * @param attention {@code [alignment head][fed token][audio frame]}, or null
     */
    record Step(float[][] logits, float[][][] attention) {
    }
}
