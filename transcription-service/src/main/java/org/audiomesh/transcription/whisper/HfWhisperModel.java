package org.audiomesh.transcription.whisper;

import org.audiomesh.common.onnx.BoolTensor;
import org.audiomesh.common.onnx.FloatTensor;
import org.audiomesh.common.onnx.LongTensor;
import org.audiomesh.common.onnx.OnnxModel;
import org.audiomesh.common.onnx.TensorValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Layout A, Hugging Face optimum's export: {@code encoder_model.onnx} ({@code input_features}
 * [1, mels, 3000] → {@code last_hidden_state}) and {@code decoder_model_merged.onnx}
 * ({@code input_ids}, {@code encoder_hidden_states}, {@code past_key_values.{i}.decoder|encoder.key|value}
 * [1, heads, length, head_dim], {@code use_cache_branch} → {@code logits},
 * {@code present.{i}.*}, optionally {@code cross_attentions.{i}} [1, heads, tokens, 1500]).
 * The first step runs the no-cache branch with empty past tensors; later steps feed the
 * {@code present} tensors back as {@code past_key_values}.
 */
public final class HfWhisperModel implements WhisperModel {
    private static final Pattern PAST = Pattern.compile("past_key_values\\.(\\d+)\\.(decoder|encoder)\\.(key|value)");

    private final OnnxModel encoder;
    private final OnnxModel decoder;
    private final int mels;
    private final int vocab;
    private final int textContext;
    private final int heads;
    private final int headDim;
    private final List<String> pastNames = new ArrayList<>();
    private final boolean crossAttention;
    private final List<int[]> alignmentHeads;

    /**
     * @param heads          decoder attention heads (from {@code config.json})
     * @param headDim        {@code d_model / heads}
     * @param alignmentHeads {@code [layer, head]} pairs
     */
    public HfWhisperModel(OnnxModel encoder, OnnxModel decoder, int mels, int vocab, int textContext, int heads,
                          int headDim, List<int[]> alignmentHeads) {
        this.encoder = encoder;
        this.decoder = decoder;
        this.mels = mels;
        this.vocab = vocab;
        this.textContext = textContext;
        this.heads = heads;
        this.headDim = headDim;
        for (OnnxModel.TensorSpec in : decoder.inputs()) {
            if (PAST.matcher(in.name()).matches()) {
                pastNames.add(in.name());
            }
        }
        if (pastNames.isEmpty() || decoder.inputs().stream().noneMatch(i -> i.name().equals("use_cache_branch"))) {
            throw new IllegalArgumentException("decoder_model_merged.onnx needs past_key_values.* and use_cache_branch "
                    + "inputs (an optimum export with --task automatic-speech-recognition-with-past)");
        }
        this.crossAttention = decoder.outputs().stream().anyMatch(o -> o.name().startsWith("cross_attentions"));
        this.alignmentHeads = List.copyOf(alignmentHeads);
    }

    @Override
    public String layout() {
        return "hf-optimum";
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
        return crossAttention;
    }

    @Override
    public List<int[]> alignmentHeads() {
        return alignmentHeads;
    }

    private record Features(FloatTensor hidden) implements AudioFeatures {
    }

    @Override
    public AudioFeatures encode(float[] mel) {
        String input = encoder.inputs().get(0).name();
        Map<String, FloatTensor> out = encoder.run(Map.of(input, new FloatTensor(mel, new long[]{1, mels, LogMel.N_FRAMES})));
        FloatTensor hidden = out.containsKey("last_hidden_state") ? out.get("last_hidden_state") : out.values().iterator().next();
        return new Features(hidden);
    }

    @Override
    public Decoder decoder(AudioFeatures features) {
        Map<String, FloatTensor> empty = new HashMap<>();
        for (String name : pastNames) {
            empty.put(name, new FloatTensor(new float[0], new long[]{1, heads, 0, headDim}));
        }
        return new HfDecoder(((Features) features).hidden(), empty, true);
    }

    private final class HfDecoder implements Decoder {
        private final FloatTensor hidden;
        private Map<String, FloatTensor> past;
        private boolean first;

        HfDecoder(FloatTensor hidden, Map<String, FloatTensor> past, boolean first) {
            this.hidden = hidden;
            this.past = past;
            this.first = first;
        }

        @Override
        public Step step(int[] tokens, boolean attention) {
            long[] ids = new long[tokens.length];
            for (int i = 0; i < tokens.length; i++) {
                ids[i] = tokens[i];
            }
            Map<String, TensorValue> feeds = new LinkedHashMap<>();
            feeds.put("input_ids", new LongTensor(ids, new long[]{1, tokens.length}));
            feeds.put("encoder_hidden_states", hidden);
            feeds.putAll(past);
            feeds.put("use_cache_branch", new BoolTensor(new boolean[]{!first}, new long[]{1}));
            Map<String, FloatTensor> out = decoder.run(feeds);
            Map<String, FloatTensor> next = new HashMap<>();
            for (Map.Entry<String, FloatTensor> e : out.entrySet()) {
                if (e.getKey().startsWith("present.")) {
                    String name = "past_key_values." + e.getKey().substring("present.".length());
                    Matcher m = PAST.matcher(name);
                    // the with-cache branch of some exports returns empty encoder tensors: keep the first ones
                    if (m.matches() && m.group(2).equals("encoder") && e.getValue().data().length == 0 && past.containsKey(name)) {
                        next.put(name, past.get(name));
                    } else {
                        next.put(name, e.getValue());
                    }
                }
            }
            past = next;
            first = false;
            float[][] logits = rows(out.get("logits"), tokens.length);
            float[][][] att = attention && crossAttention ? attention(out, tokens.length) : null;
            return new Step(logits, att);
        }

        @Override
        public Decoder copy() {
            return new HfDecoder(hidden, Map.copyOf(past), first);
        }
    }

    private float[][][] attention(Map<String, FloatTensor> out, int n) {
        float[][][] att = new float[alignmentHeads.size()][][];
        for (int a = 0; a < alignmentHeads.size(); a++) {
            int[] lh = alignmentHeads.get(a);
            FloatTensor t = out.get("cross_attentions." + lh[0]);
            if (t == null) {
                throw new IllegalStateException("the decoder has no output cross_attentions." + lh[0]);
            }
            int h = t.dim(1);
            int frames = t.dim(3);
            float[][] rows = new float[n][frames];
            for (int i = 0; i < n; i++) {
                System.arraycopy(t.data(), ((lh[1] % h) * n + i) * frames, rows[i], 0, frames);
            }
            att[a] = rows;
        }
        return att;
    }

    static float[][] rows(FloatTensor logits, int n) {
        int v = logits.dim(logits.rank() - 1);
        float[][] out = new float[n][v];
        for (int i = 0; i < n; i++) {
            System.arraycopy(logits.data(), i * v, out[i], 0, v);
        }
        return out;
    }
}
