package org.audiomesh.enhancement.dfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The numpy reference values and DeepFilterNet3 graphs under {@code src/test/resources/deepfilternet}:
 * {@code tiny} (tiny DeepFilterNet3-shaped graphs, the default here; made by
 * {@code tools/enhancement-bench/make_dfn_fixtures.py}) and {@code dfn3-small} (a narrow network of
 * the real topology; {@code tools/enhancement-bench/make_dfn3_small_fixtures.py}).
 */
final class Fixtures {
    static final String TINY = "tiny";
    static final String DFN3_SMALL = "dfn3-small";

    private Fixtures() {
    }

    /** The folder holding enc.onnx, erb_dec.onnx, df_dec.onnx and the reference values. */
    static Path folder() {
        return folder(TINY);
    }

    static Path folder(String set) {
        try {
            return Path.of(Fixtures.class.getResource("/deepfilternet/" + set + "/enc.onnx").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static float[] floats(String name) throws IOException {
        return floats(TINY, name);
    }

    /** A file of little-endian float32 values. */
    static float[] floats(String set, String name) throws IOException {
        ByteBuffer b = bytes(set, name);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    /** A file of little-endian 16-bit PCM samples, scaled by 1/32768 (exact in float). */
    static float[] pcm16(String set, String name) throws IOException {
        ByteBuffer b = bytes(set, name);
        float[] out = new float[b.remaining() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getShort() / 32768f;
        }
        return out;
    }

    private static ByteBuffer bytes(String set, String name) throws IOException {
        try (InputStream in = Fixtures.class.getResourceAsStream("/deepfilternet/" + set + "/" + name)) {
            if (in == null) {
                throw new IOException("missing fixture " + set + "/" + name);
            }
            return ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    static JsonNode meta() throws IOException {
        return meta(TINY);
    }

    static JsonNode meta(String set) throws IOException {
        try (InputStream in = Fixtures.class.getResourceAsStream("/deepfilternet/" + set + "/fixtures.json")) {
            if (in == null) {
                throw new IOException("missing fixture " + set + "/fixtures.json");
            }
            return new ObjectMapper().readTree(in);
        }
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    static double maxAbs(float[] a) {
        double max = 0;
        for (float v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
