package org.audiomesh.transcription.whisper;

import java.util.List;

/**
 * The logit filters of openai/whisper's decoding, applied in its order: suppress blank (a space
 * or end-of-text as the first sampled token), suppress tokens (non-speech symbols and control
 * tokens), and the timestamp rules (timestamps come in pairs except before end-of-text, never
 * decrease, the first token is a timestamp of at most 1.0 s, and a timestamp is forced when the
 * timestamps' total probability beats every text token's).
 */
final class LogitRules {
    /** {@code max_initial_timestamp} 1.0 s in 0.02 s steps. */
    static final int MAX_INITIAL_TIMESTAMP_INDEX = 50;

    private final WhisperVocabulary vocabulary;
    private final int[] blank;
    private final int[] suppress;
    private final int sampleBegin;
    private final boolean timestamps;

    /**
     * @param blank       tokens of " " (suppressed with end-of-text at the first sampled position)
     * @param suppress    tokens never sampled
     * @param sampleBegin index of the first sampled token in the sequence
     * @param timestamps  whether timestamp tokens are predicted (not {@code <|notimestamps|>})
     */
    LogitRules(WhisperVocabulary vocabulary, int[] blank, int[] suppress, int sampleBegin, boolean timestamps) {
        this.vocabulary = vocabulary;
        this.blank = blank;
        this.suppress = suppress;
        this.sampleBegin = sampleBegin;
        this.timestamps = timestamps;
    }

    /** Applies the rules to the next token's {@code logits}, given the sequence so far. */
    void apply(float[] logits, List<Integer> tokens) {
        float ninf = Float.NEGATIVE_INFINITY;
        if (tokens.size() == sampleBegin) {
            for (int t : blank) {
                logits[t] = ninf;
            }
            logits[vocabulary.eot()] = ninf;
        }
        for (int t : suppress) {
            if (t < logits.length) {
                logits[t] = ninf;
            }
        }
        if (!timestamps) {
            return;
        }
        int tsBegin = vocabulary.timestampBegin();
        int eot = vocabulary.eot();
        logits[vocabulary.noTimestamps()] = ninf;
        int sampled = tokens.size() - sampleBegin;
        boolean lastWasTimestamp = sampled >= 1 && tokens.get(tokens.size() - 1) >= tsBegin;
        boolean penultimateWasTimestamp = sampled < 2 || tokens.get(tokens.size() - 2) >= tsBegin;
        if (lastWasTimestamp) {
            if (penultimateWasTimestamp) {
                fill(logits, tsBegin, logits.length);
            } else {
                fill(logits, 0, eot);
            }
        }
        int lastTimestamp = -1;
        for (int i = sampleBegin; i < tokens.size(); i++) {
            if (tokens.get(i) >= tsBegin) {
                lastTimestamp = tokens.get(i);
            }
        }
        if (lastTimestamp >= 0) {
            int upTo = lastWasTimestamp && !penultimateWasTimestamp ? lastTimestamp : lastTimestamp + 1;
            fill(logits, tsBegin, Math.min(upTo, logits.length));
        }
        if (tokens.size() == sampleBegin) {
            fill(logits, 0, tsBegin);
            fill(logits, Math.min(logits.length, tsBegin + MAX_INITIAL_TIMESTAMP_INDEX + 1), logits.length);
        }
        double[] logprobs = Softmax.logSoftmax(logits);
        double timestampMass = Softmax.logSumExp(logprobs, tsBegin, logprobs.length);
        double maxText = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < tsBegin; i++) {
            maxText = Math.max(maxText, logprobs[i]);
        }
        if (timestampMass > maxText) {
            fill(logits, 0, tsBegin);
        }
    }

    private static void fill(float[] logits, int from, int to) {
        for (int i = from; i < to; i++) {
            logits[i] = Float.NEGATIVE_INFINITY;
        }
    }
}
