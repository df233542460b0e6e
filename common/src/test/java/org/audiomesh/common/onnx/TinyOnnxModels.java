package org.audiomesh.common.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes tiny ONNX models for the tests, encoding the ONNX protobuf messages (onnx.proto3:
 * ModelProto, GraphProto, NodeProto, ValueInfoProto, TensorProto) by hand, so the tests need no
 * model files and no Python.
 */
final class TinyOnnxModels {
    private static final int FLOAT = 1;

    private TinyOnnxModels() {
    }

    /**
     * {@code y = x * scale} and {@code total = ReduceSum(x)} over a float input {@code x} of shape
     * [batch, n] with both dimensions symbolic.
     */
    static Path scaleAndSum(Path dir, float scale) throws IOException {
        byte[] mul = message(w -> {
            w.string(1, "x");
            w.string(1, "scale");
            w.string(2, "y");
            w.string(3, "mul");
            w.string(4, "Mul");
        });
        byte[] sum = message(w -> {
            w.string(1, "x");
            w.string(2, "total");
            w.string(3, "sum");
            w.string(4, "ReduceSum");
            w.bytes(5, message(a -> { // attribute keepdims = 0
                a.string(1, "keepdims");
                a.varint(3, 0);
                a.varint(20, 2); // AttributeType INT
            }));
        });
        byte[] initializer = message(t -> {
            t.varint(2, FLOAT);
            t.string(8, "scale");
            t.bytes(9, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(scale).array());
        });
        byte[] graph = message(g -> {
            g.bytes(1, mul);
            g.bytes(1, sum);
            g.string(2, "tiny");
            g.bytes(5, initializer);
            g.bytes(11, valueInfo("x", "batch", "n"));
            g.bytes(12, valueInfo("y", "batch", "n"));
            g.bytes(12, valueInfo("total"));
        });
        byte[] model = message(m -> {
            m.varint(1, 8); // IR version 8
            m.string(2, "audiomesh-test");
            m.bytes(7, graph);
            m.bytes(8, message(o -> {
                o.string(1, "");
                o.varint(2, 13);
            }));
        });
        Path file = dir.resolve("scale-and-sum.onnx");
        Files.write(file, model);
        return file;
    }

    /** A float tensor value info with symbolic dimensions (none = scalar). */
    private static byte[] valueInfo(String name, String... dims) throws IOException {
        byte[] shape = message(s -> {
            for (String d : dims) {
                s.bytes(1, message(dim -> dim.string(2, d)));
            }
        });
        byte[] tensorType = message(t -> {
            t.varint(1, FLOAT);
            t.bytes(2, shape);
        });
        byte[] type = message(t -> t.bytes(1, tensorType));
        return message(v -> {
            v.string(1, name);
            v.bytes(2, type);
        });
    }

    @FunctionalInterface
    private interface Body {
        void write(Writer w) throws IOException;
    }

    private static byte[] message(Body body) throws IOException {
        Writer w = new Writer();
        body.write(w);
        return w.out.toByteArray();
    }

    /** Protobuf wire format: varint (type 0) and length-delimited (type 2) fields. */
    private static final class Writer {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void varint(int field, long value) {
            raw((long) field << 3);
            raw(value);
        }

        void bytes(int field, byte[] value) {
            raw((long) field << 3 | 2);
            raw(value.length);
            out.writeBytes(value);
        }

        void string(int field, String value) {
            bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) (v & 0x7F | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
