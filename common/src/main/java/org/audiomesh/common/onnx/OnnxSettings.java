package org.audiomesh.common.onnx;

import java.util.List;

/**
 * How sessions are created.
 *
 * @param providers      execution providers in order of preference; CPU last (see
 *                       {@link ExecutionProvider#parseList})
 * @param intraOpThreads threads one inference may use; 0 lets ONNX Runtime choose (all cores)
 * @param cudaDevice     GPU index for the CUDA provider
 */
public record OnnxSettings(List<ExecutionProvider> providers, int intraOpThreads, int cudaDevice) {
    public OnnxSettings {
        providers = List.copyOf(providers);
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("at least one execution provider is needed");
        }
        if (intraOpThreads < 0 || cudaDevice < 0) {
            throw new IllegalArgumentException("threads and device index must be >= 0");
        }
    }

    /** The defaults: {@code cuda,cpu}, ONNX Runtime's thread count, GPU 0. */
    public static OnnxSettings defaults() {
        return new OnnxSettings(ExecutionProvider.parseList("cuda,cpu"), 0, 0);
    }
}
