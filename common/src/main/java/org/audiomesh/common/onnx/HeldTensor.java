package org.audiomesh.common.onnx;

import ai.onnxruntime.OnnxTensor;

/**
 * An output of an earlier {@link OnnxModel#runHeld run} that stays in ONNX Runtime's memory, to be
 * fed to another graph without a copy through the Java heap. Valid until its
 * {@link HeldOutputs} is closed.
 */
public final class HeldTensor implements TensorValue {
    private final OnnxTensor tensor;
    private final HeldOutputs owner;

    HeldTensor(OnnxTensor tensor, HeldOutputs owner) {
        this.tensor = tensor;
        this.owner = owner;
    }

    OnnxTensor tensor() {
        owner.checkOpen();
        return tensor;
    }

    @Override
    public long[] shape() {
        return tensor.getInfo().getShape();
    }

    @Override
    public String toString() {
        return "HeldTensor" + java.util.Arrays.toString(shape());
    }
}
