package org.audiomesh.common.onnx;

import java.util.Arrays;

/**
 * A dense int64 tensor (token ids, sample rates, offsets), row-major.
 *
 * @param data  {@code product(shape)} values
 * @param shape dimensions; empty for a scalar
 */
public record LongTensor(long[] data, long[] shape) implements TensorValue {
    public LongTensor {
        TensorValue.checkSize(shape, data.length);
    }

    /** A scalar (rank 0). */
    public static LongTensor scalar(long value) {
        return new LongTensor(new long[]{value}, new long[0]);
    }

    @Override
    public String toString() {
        return "LongTensor" + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LongTensor t && Arrays.equals(data, t.data) && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + Arrays.hashCode(shape);
    }
}
