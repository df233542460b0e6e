package org.audiomesh.common.onnx;

import java.util.Arrays;

/**
 * A dense float tensor in row-major (C) order: what goes into and comes out of an
 * {@link OnnxModel}, without native handles.
 *
 * @param data  {@code product(shape)} values, row-major
 * @param shape dimensions, outermost first
 */
public record FloatTensor(float[] data, long[] shape) implements TensorValue {
    public FloatTensor {
        TensorValue.checkSize(shape, data.length);
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code i}. */
    public int dim(int i) {
        return (int) shape[i];
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && Arrays.equals(data, t.data) && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + Arrays.hashCode(shape);
    }
}
