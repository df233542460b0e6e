package org.audiomesh.separation.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small ONNX models for tests, straight in the protobuf wire format of {@code onnx.proto}
 * (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto), so that tests need no
 * downloaded weights and no ONNX tooling. Only float tensors, int64 initializers and int
 * attributes: enough for graphs of Mul, Unsqueeze and Concat with the signatures of real exports.
 */
final class OnnxGraph {
    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final int ATTRIBUTE_INT = 2;

    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();

    /** Declares a float graph input; -1 leaves a dimension open. */
    OnnxGraph input(String name, long... shape) {
        inputs.add(valueInfo(name, shape));
        return this;
    }

    /** Declares a float graph output. */
    OnnxGraph output(String name, long... shape) {
        outputs.add(valueInfo(name, shape));
        return this;
    }

    /** A float constant. */
    OnnxGraph constant(String name, float[] values, long... shape) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        initializers.add(tensor(name, FLOAT, raw.array(), shape));
        return this;
    }

    /** An int64 constant (e.g. Unsqueeze's axes). */
    OnnxGraph constant(String name, long[] values, long... shape) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        initializers.add(tensor(name, INT64, raw.array(), shape));
        return this;
    }

    /** A node with no attributes. */
    OnnxGraph node(String op, List<String> in, String out) {
        return node(op, in, out, null, 0);
    }

    /** A node with one int attribute (e.g. Concat's {@code axis}). */
    OnnxGraph node(String op, List<String> in, String out, String attribute, long value) {
        Proto n = new Proto();
        for (String i : in) {
            n.string(1, i);
        }
        n.string(2, out);
        n.string(3, out + "_node");
        n.string(4, op);
        if (attribute != null) {
            n.message(5, new Proto().string(1, attribute).varint(3, value).varint(20, ATTRIBUTE_INT).bytes());
        }
        nodes.add(n.bytes());
        return this;
    }

    /** The model file (IR version 8, default-domain opset 17). */
    Path write(Path file) throws IOException {
        Proto graph = new Proto();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, "test-graph");
        initializers.forEach(t -> graph.message(5, t));
        inputs.forEach(v -> graph.message(11, v));
        outputs.forEach(v -> graph.message(12, v));
        Proto model = new Proto().varint(1, 8).string(2, "audiomesh-tests")
                .message(7, graph.bytes())
                .message(8, new Proto().string(1, "").varint(2, 17).bytes());
        Files.write(file, model.bytes());
        return file;
    }

    private static byte[] valueInfo(String name, long[] shape) {
        Proto dims = new Proto();
        for (long d : shape) {
            dims.message(1, d >= 0 ? new Proto().varint(1, d).bytes() : new Proto().string(2, "n").bytes());
        }
        byte[] tensorType = new Proto().varint(1, FLOAT).message(2, dims.bytes()).bytes();
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType).bytes()).bytes();
    }

    private static byte[] tensor(String name, int type, byte[] raw, long[] shape) {
        Proto t = new Proto();
        for (long d : shape) {
            t.varint(1, d);
        }
        return t.varint(2, type).string(8, name).message(9, raw).bytes();
    }

    /** A protobuf message being written: fields in the order given. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            key(field, 0);
            raw(value);
            return this;
        }

        Proto string(int field, String value) {
            return message(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, byte[] value) {
            key(field, 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void key(int field, int wireType) {
            raw(((long) field << 3) | wireType);
        }

        private void raw(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
