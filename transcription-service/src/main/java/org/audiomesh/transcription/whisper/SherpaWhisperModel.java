package org.audiomesh.transcription.whisper;

import org.audiomesh.common.onnx.FloatTensor;
import org.audiomesh.common.onnx.LongTensor;
import org.audiomesh.common.onnx.OnnxModel;
import org.audiomesh.common.onnx.TensorValue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layout B, sherpa-onnx's export: the encoder ({@code mel} → {@code n_layer_cross_k},
 * {@code n_layer_cross_v} [layers, 1, 1500, d]) and the decoder ({@code tokens},
 * {@code in_n_layer_self_k_cache}, {@code in_n_layer_self_v_cache} [layers, 1, 448, d], the cross
 * tensors, {@code offset} → {@code logits}, {@code out_n_layer_self_k_cache},
 * {@code out_n_layer_self_v_cache}). The self-attention cache has a fixed length; {@code offset}
 * says how many positions are filled. No cross-attention output: word times fall back to
 * timestamp tokens.
 */
public final class SherpaWhisperModel implements WhisperModel {
    private final OnnxModel encoder;
    private final OnnxModel decoder;
    private final int mels;
    private final int vocab;
    private final int textContext;
    private final int layers;
    private final int state;

    public SherpaWhisperModel(OnnxModel encoder, OnnxModel decoder, int mels, int vocab, int textContext, int layers,
                              int state) {
        this.encoder = encoder;
        this.decoder = decoder;
        this.mels = mels;
        this.vocab = vocab;
        this.textContext = textContext;
        this.layers = layers;
        this.state = state;
    }

    @Override
    public String layout() {
        return "sherpa-onnx";
    }

    @Override
    public int mels() {
        return mels;
    }

    @Override
    public int vocabSize() {
        return vocab;
    }

    @Override
    public int textContext() {
        return textContext;
    }

    @Override
    public boolean hasCrossAttention() {
        return false;
    }

    @Override
    public List<int[]> alignmentHeads() {
        return List.of();
    }

    private record Features(FloatTensor k, FloatTensor v) implements AudioFeatures {
    }

    @Override
    public AudioFeatures encode(float[] mel) {
        Map<String, FloatTensor> out = encoder.run(Map.of("mel", new FloatTensor(mel, new long[]{1, mels, LogMel.N_FRAMES})));
        return new Features(out.get("n_layer_cross_k"), out.get("n_layer_cross_v"));
    }

    @Override
    public Decoder decoder(AudioFeatures features) {
        long[] shape = {layers, 1, textContext, state};
        float[] zeros = new float[layers * textContext * state];
        return new SherpaDecoder((Features) features, new FloatTensor(zeros, shape),
                new FloatTensor(zeros.clone(), shape), 0);
    }

    private final class SherpaDecoder implements Decoder {
        private final Features features;
        private FloatTensor selfK;
        private FloatTensor selfV;
        private int offset;

        SherpaDecoder(Features features, FloatTensor selfK, FloatTensor selfV, int offset) {
            this.features = features;
            this.selfK = selfK;
            this.selfV = selfV;
            this.offset = offset;
        }

        @Override
        public Step step(int[] tokens, boolean attention) {
            if (offset + tokens.length > textContext) {
                throw new IllegalStateException("the decoder context of " + textContext + " tokens is full");
            }
            long[] ids = new long[tokens.length];
            for (int i = 0; i < tokens.length; i++) {
                ids[i] = tokens[i];
            }
            Map<String, TensorValue> feeds = new LinkedHashMap<>();
            feeds.put("tokens", new LongTensor(ids, new long[]{1, tokens.length}));
            feeds.put("in_n_layer_self_k_cache", selfK);
            feeds.put("in_n_layer_self_v_cache", selfV);
            feeds.put("n_layer_cross_k", features.k());
            feeds.put("n_layer_cross_v", features.v());
            feeds.put("offset", new LongTensor(new long[]{offset}, new long[]{1}));
            Map<String, FloatTensor> out = decoder.run(feeds);
            selfK = out.get("out_n_layer_self_k_cache");
            selfV = out.get("out_n_layer_self_v_cache");
            offset += tokens.length;
            return new Step(HfWhisperModel.rows(out.get("logits"), tokens.length), null);
        }

        @Override
        public Decoder copy() {
            return new SherpaDecoder(features, selfK, selfV, offset);
        }
    }
}
