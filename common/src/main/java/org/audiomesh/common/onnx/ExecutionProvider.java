package org.audiomesh.common.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** An ONNX Runtime execution provider audiomesh can ask for, as spelled in {@code audiomesh.onnx.providers}. */
public enum ExecutionProvider {
    /** NVIDIA GPUs; needs the {@code onnxruntime_gpu} artifact and CUDA 12 + cuDNN 9 libraries. */
    CUDA,
    /** Always available. */
    CPU;

    /** Lower-case spelling used in configuration, health and metrics. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a comma-separated preference list such as {@code cuda,cpu}. CPU is appended when
     * missing, so a session can always be created.
     *
     * @throws IllegalArgumentException for an unknown provider name
     */
    public static List<ExecutionProvider> parseList(String csv) {
        List<ExecutionProvider> out = new ArrayList<>();
        for (String part : csv.split(",")) {
            String p = part.trim().toUpperCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            ExecutionProvider e;
            try {
                e = valueOf(p);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("unknown ONNX execution provider '" + part.trim()
                        + "'; known: cuda, cpu");
            }
            if (!out.contains(e)) {
                out.add(e);
            }
        }
        if (!out.contains(CPU)) {
            out.add(CPU);
        }
        return List.copyOf(out);
    }
}
