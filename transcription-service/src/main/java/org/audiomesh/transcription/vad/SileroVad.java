package org.audiomesh.transcription.vad;

import org.audiomesh.common.onnx.FloatTensor;
import org.audiomesh.common.onnx.LongTensor;
import org.audiomesh.common.onnx.OnnxModel;
import org.audiomesh.common.onnx.TensorValue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Silero VAD v5 (the real ONNX model, {@code silero_vad.onnx}): speech probability of each
 * 32 ms window of 16 kHz audio. Inputs {@code input} [1, 64 + 512] (the previous window's last
 * 64 samples, then the window), {@code state} [2, 1, 128] and {@code sr} (int64 scalar);
 * outputs {@code output} [1, 1] and {@code stateN}. One {@link Stream} per audio stream: it
 * carries the recurrent state and the context between windows.
 */
public final class SileroVad {
    /** Sample rate the model is run at (Hz). */
    public static final int RATE = 16_000;
    /** Samples per window at 16 kHz. */
    public static final int WINDOW = 512;
    /** Samples of the previous window prepended to each window. */
    public static final int CONTEXT = 64;
    private static final int STATE = 2 * 128;

    private final OnnxModel model;

    public SileroVad(OnnxModel model) {
        this.model = model;
    }

    public OnnxModel model() {
        return model;
    }

    /** A new stream with zero state and zero context. */
    public Stream stream() {
        return new Stream();
    }

    /** The VAD state for one audio stream; not thread-safe. */
    public final class Stream {
        private float[] state = new float[STATE];
        private final float[] input = new float[CONTEXT + WINDOW];

        private Stream() {
        }

        /**
         * @param window {@value #WINDOW} samples at 16 kHz (a shorter last window is zero-padded)
         * @return the probability that the window holds speech, 0..1
         */
        public float next(float[] window, int length) {
            if (length > WINDOW) {
                throw new IllegalArgumentException("a VAD window has at most " + WINDOW + " samples");
            }
            System.arraycopy(window, 0, input, CONTEXT, length);
            java.util.Arrays.fill(input, CONTEXT + length, input.length, 0f);
            Map<String, TensorValue> feeds = new LinkedHashMap<>();
            feeds.put("input", new FloatTensor(input.clone(), new long[]{1, CONTEXT + WINDOW}));
            feeds.put("state", new FloatTensor(state, new long[]{2, 1, 128}));
            feeds.put("sr", LongTensor.scalar(RATE));
            Map<String, FloatTensor> out = model.run(feeds);
            state = out.get("stateN").data().clone();
            System.arraycopy(input, input.length - CONTEXT, input, 0, CONTEXT);
            return out.get("output").data()[0];
        }
    }
}
