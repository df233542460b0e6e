package org.audiomesh.separation.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The parameters of one MDX-Net model, read from the JSON file next to it. The keys are those of
 * UVR's model data (and python-audio-separator's {@code model_data}), so an operator can copy
 * the entry of the model:
 * <pre>{@code
 * {"compensate": 1.035, "mdx_dim_f_set": 3072, "mdx_dim_t_set": 8, "mdx_n_fft_scale_set": 6144,
 *  "primary_stem": "Vocals"}
 * }</pre>
 * plus two optional keys of the separator: {@code hop_length} (default 1024) and
 * {@code overlap} (default 0.25, python-audio-separator's default).
 *
 * @param dimF         frequency bins the model sees (the rest are zeroed)
 * @param dimT         frames per chunk ({@code 2^mdx_dim_t_set})
 * @param nFft         FFT length
 * @param hop          hop length
 * @param compensate   factor the model's output is multiplied by
 * @param vocalsModel  true when the model predicts vocals (primary stem "Vocals"), false for
 *                     an instrumental model
 * @param overlap      overlap of consecutive chunks, 0 to below 1
 */
public record MdxParameters(int dimF, int dimT, int nFft, int hop, double compensate, boolean vocalsModel,
                            double overlap) {

    public MdxParameters {
        if (dimF < 1 || dimF > nFft / 2 + 1 || dimT < 2 || nFft < 4 || nFft % 2 != 0 || hop < 1 || hop > nFft
                || overlap < 0 || overlap >= 1 || !(compensate > 0)) {
            throw new IllegalArgumentException("MDX parameters out of range: " + this);
        }
        if (hop * (dimT - 1) <= nFft) {
            throw new IllegalArgumentException("an MDX chunk of " + hop * (dimT - 1)
                    + " samples is not longer than its FFT of " + nFft);
        }
    }

    /** Samples per chunk, {@code hop * (dimT - 1)}. */
    public int chunk() {
        return hop * (dimT - 1);
    }

    /** @throws IOException when the file cannot be read; IllegalArgumentException when a key is missing or bad */
    public static MdxParameters read(Path json, ObjectMapper mapper) throws IOException {
        JsonNode n = mapper.readTree(json.toFile());
        String primary = text(n, "primary_stem").toLowerCase(Locale.ROOT);
        if (!primary.equals("vocals") && !primary.equals("instrumental")) {
            throw new IllegalArgumentException("primary_stem must be Vocals or Instrumental, not " + primary);
        }
        return new MdxParameters(integer(n, "mdx_dim_f_set"), 1 << integer(n, "mdx_dim_t_set"),
                integer(n, "mdx_n_fft_scale_set"), n.path("hop_length").asInt(1024), number(n, "compensate"),
                primary.equals("vocals"), n.path("overlap").asDouble(0.25));
    }

    private static JsonNode required(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("the MDX parameters lack \"" + key + "\"");
        }
        return v;
    }

    private static int integer(JsonNode n, String key) {
        return required(n, key).asInt();
    }

    private static double number(JsonNode n, String key) {
        return required(n, key).asDouble();
    }

    private static String text(JsonNode n, String key) {
        return required(n, key).asText();
    }
}
