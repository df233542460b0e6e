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
 * The numpy reference values and tiny DeepFilterNet3-shaped graphs of
 * {@code src/test/resources/deepfilternet/tiny}, made by
 * {@code tools/enhancement-bench/make_dfn_fixtures.py}.
 */
final class Fixtures {
    private Fixtures() {
    }

    /** The folder holding enc.onnx, erb_dec.onnx, df_dec.onnx and the reference values. */
    static Path folder() {
        try {
            return Path.of(Fixtures.class.getResource("/deepfilternet/tiny/enc.onnx").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static float[] floats(String name) throws IOException {
        try (InputStream in = Fixtures.class.getResourceAsStream("/deepfilternet/tiny/" + name)) {
            if (in == null) {
                throw new IOException("missing fixture " + name);
            }
            ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[b.remaining() / 4];
            b.asFloatBuffer().get(out);
            return out;
        }
    }

    static JsonNode meta() throws IOException {
        try (InputStream in = Fixtures.class.getResourceAsStream("/deepfilternet/tiny/fixtures.json")) {
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
}
