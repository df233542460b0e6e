package org.audiomesh.common.onnx;

/**
 * A dense tensor handed to an {@link OnnxModel}: float ({@link FloatTensor}), int64
 * ({@link LongTensor}) or bool ({@link BoolTensor}), row-major, without native handles; or an
 * output of an earlier run still in ONNX Runtime's memory ({@link HeldTensor}).
 */
public sealed interface TensorValue permits FloatTensor, LongTensor, BoolTensor, HeldTensor {

    /** Dimensions, outermost first; empty for a scalar. */
    long[] shape();

    /** Checks that {@code length} values fill {@code shape}. */
    static void checkSize(long[] shape, int length) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + java.util.Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != length) {
            throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " needs " + n
                    + " values, got " + length);
        }
    }
}
