package org.audiomesh.common.onnx;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A service's single {@link OnnxInference} (one ONNX Runtime environment, models loaded once; the
 * native library is loaded only when a service loads its first model),
 * from {@code audiomesh.onnx.providers} (default {@code cuda,cpu}),
 * {@code audiomesh.onnx.intra-op-threads} (0 = ONNX Runtime's choice) and
 * {@code audiomesh.onnx.cuda-device} (0).
 */
@ApplicationScoped
public class OnnxProducer {

    @Produces
    @Singleton
    @DefaultBean
    OnnxInference onnxInference(
            @ConfigProperty(name = "audiomesh.onnx.providers", defaultValue = "cuda,cpu") String providers,
            @ConfigProperty(name = "audiomesh.onnx.intra-op-threads", defaultValue = "0") int threads,
            @ConfigProperty(name = "audiomesh.onnx.cuda-device", defaultValue = "0") int device) {
        return new OnnxInference(new OnnxSettings(ExecutionProvider.parseList(providers), threads, device));
    }

    void close(@Disposes OnnxInference inference) {
        inference.close();
    }
}
