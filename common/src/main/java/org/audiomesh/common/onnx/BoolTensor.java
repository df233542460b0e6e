package org.audiomesh.common.onnx;

import java.util.Arrays;

/**
 * A dense bool tensor (branch switches such as {@code use_cache_branch}), row-major.
 *
 * @param data  {@code product(shape)} values
 * @param shape dimensions; empty for a scalar
 */
public record BoolTensor(boolean[] data, long[] shape) implements TensorValue {
    public BoolTensor {
        TensorValue.checkSize(shape, data.length);
    }

    @Override
    public String toString() {
        return "BoolTensor" + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BoolTensor t && Arrays.equals(data, t.data) && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + Arrays.hashCode(shape);
    }
}
