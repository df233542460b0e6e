package org.audiomesh.transcription.whisper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.audiomesh.common.onnx.OnnxInference;
import org.audiomesh.common.onnx.OnnxModel;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and loads a Whisper export in a folder, whichever layout it has:
 * <ul>
 *   <li>A (Hugging Face optimum): {@code encoder_model.onnx}, {@code decoder_model_merged.onnx},
 *   {@code config.json} (dimensions), {@code generation_config.json} (alignment heads, optional);</li>
 *   <li>B (sherpa-onnx): {@code encoder.onnx} and {@code decoder.onnx} (or {@code *-encoder.onnx} and
 *   {@code *-decoder.onnx}), dimensions from the encoder's metadata;</li>
 * </ul>
 * plus the tokenizer files ({@link BpeTokenizer}). Sessions are loaded once through the
 * service's {@link OnnxInference}.
 *
 * @param model      the loaded export
 * @param tokenizer  its tokenizer
 * @param vocabulary its special tokens
 * @param folder     where it was found
 */
public record WhisperModels(WhisperModel model, BpeTokenizer tokenizer, WhisperVocabulary vocabulary, Path folder,
                            List<OnnxModel> sessions) {

    /** Why {@code folder} holds no usable export, or empty when it holds one (files only, nothing loaded). */
    public static Optional<String> missing(Path folder) {
        if (!Files.isDirectory(folder)) {
            return Optional.of("no Whisper model folder " + folder.toAbsolutePath());
        }
        if (layoutA(folder) || layoutB(folder) != null) {
            return Optional.empty();
        }
        return Optional.of("no Whisper export in " + folder.toAbsolutePath() + ": expected encoder_model.onnx + "
                + "decoder_model_merged.onnx (Hugging Face optimum) or encoder.onnx + decoder.onnx (sherpa-onnx)");
    }

    private static boolean layoutA(Path folder) {
        return Files.isRegularFile(folder.resolve("encoder_model.onnx"))
                && Files.isRegularFile(folder.resolve("decoder_model_merged.onnx"));
    }

    private static Path[] layoutB(Path folder) {
        if (Files.isRegularFile(folder.resolve("encoder.onnx")) && Files.isRegularFile(folder.resolve("decoder.onnx"))) {
            return new Path[]{folder.resolve("encoder.onnx"), folder.resolve("decoder.onnx")};
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*-encoder.onnx")) {
            for (Path enc : files) {
                String name = enc.getFileName().toString();
                Path dec = folder.resolve(name.substring(0, name.length() - "encoder.onnx".length()) + "decoder.onnx");
                if (Files.isRegularFile(dec)) {
                    return new Path[]{enc, dec};
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /**
     * Loads the export in {@code folder}.
     *
     * @throws IOException when files are missing or malformed
     */
    public static WhisperModels load(Path folder, OnnxInference onnx, ObjectMapper mapper) throws IOException {
        Optional<String> missing = missing(folder);
        if (missing.isPresent()) {
            throw new IOException(missing.get());
        }
        BpeTokenizer tokenizer = BpeTokenizer.load(folder, mapper);
        WhisperModel model;
        List<OnnxModel> sessions = new ArrayList<>();
        if (layoutA(folder)) {
            JsonNode config = mapper.readTree(folder.resolve("config.json").toFile());
            OnnxModel enc = onnx.load("whisper/encoder", folder.resolve("encoder_model.onnx"));
            OnnxModel dec = onnx.load("whisper/decoder", folder.resolve("decoder_model_merged.onnx"));
            sessions.add(enc);
            sessions.add(dec);
            int heads = config.path("decoder_attention_heads").asInt();
            int dModel = config.path("d_model").asInt();
            int layers = config.path("decoder_layers").asInt();
            if (heads <= 0 || dModel <= 0 || layers <= 0) {
                throw new IOException("config.json in " + folder + " lacks decoder_attention_heads, d_model or decoder_layers");
            }
            List<int[]> alignment = alignmentHeads(folder, mapper, layers, heads);
            model = new HfWhisperModel(enc, dec, config.path("num_mel_bins").asInt(80),
                    config.path("vocab_size").asInt(), config.path("max_target_positions").asInt(448), heads,
                    dModel / heads, alignment);
        } else {
            Path[] files = layoutB(folder);
            OnnxModel enc = onnx.load("whisper/encoder", files[0]);
            OnnxModel dec = onnx.load("whisper/decoder", files[1]);
            sessions.add(enc);
            sessions.add(dec);
            Map<String, String> meta = enc.metadata();
            long[] cache = dec.inputs().stream().filter(i -> i.name().equals("in_n_layer_self_k_cache")).findFirst()
                    .orElseThrow(() -> new IOException(files[1] + " has no in_n_layer_self_k_cache input")).shape();
            int layers = intOf(meta, "n_text_layer", cache[0]);
            int ctx = intOf(meta, "n_text_ctx", cache[2]);
            int state = intOf(meta, "n_text_state", cache[3]);
            int mels = intOf(meta, "n_mels", enc.inputs().get(0).shape()[1]);
            int vocab = intOf(meta, "n_vocab", -1);
            if (layers <= 0 || ctx <= 0 || state <= 0 || mels <= 0 || vocab <= 0) {
                throw new IOException("the sherpa-onnx encoder in " + folder + " lacks its dimensions (metadata "
                        + "n_text_layer, n_text_ctx, n_text_state, n_mels, n_vocab)");
            }
            model = new SherpaWhisperModel(enc, dec, mels, vocab, ctx, layers, state);
        }
        WhisperVocabulary vocabulary = WhisperVocabulary.of(tokenizer, model.vocabSize());
        return new WhisperModels(model, tokenizer, vocabulary, folder, List.copyOf(sessions));
    }

    private static int intOf(Map<String, String> meta, String key, long fallback) {
        String v = meta.get(key);
        if (v != null) {
            try {
                return Integer.parseInt(v.strip());
            } catch (NumberFormatException e) {
                return (int) fallback;
            }
        }
        return (int) fallback;
    }

    /** {@code alignment_heads} of generation_config.json, else openai's default: every head of the upper half. */
    static List<int[]> alignmentHeads(Path folder, ObjectMapper mapper, int layers, int heads) throws IOException {
        List<int[]> out = new ArrayList<>();
        Path gen = folder.resolve("generation_config.json");
        if (Files.isRegularFile(gen)) {
            for (JsonNode pair : mapper.readTree(gen.toFile()).path("alignment_heads")) {
                out.add(new int[]{pair.get(0).asInt(), pair.get(1).asInt()});
            }
        }
        if (out.isEmpty()) {
            for (int l = layers / 2; l < layers; l++) {
                for (int h = 0; h < heads; h++) {
                    out.add(new int[]{l, h});
                }
            }
        }
        return out;
    }
}
