package org.audiomesh.separation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

/** Settings of the separation service ({@code audiomesh.separation.*}). */
@ConfigMapping(prefix = "audiomesh.separation")
public interface SeparationConfig {

    /**
     * Engine choice: {@code auto} (an installed ONNX model if present, else the built-in
     * separator), {@code builtin}, {@code htdemucs} or {@code mdx}.
     */
    @WithDefault("auto")
    String engine();

    /**
     * Folder for the stems while they are being computed (a private sub-folder per job, removed
     * afterwards; about 5 x the input's decoded size at float32). Default: the JVM's temp folder.
     */
    Optional<Path> scratchDir();

    /**
     * Folder of the ONNX models: {@code htdemucs.onnx} (HTDemucs, exported as sevagh/demucs.onnx
     * does), {@code mdx.onnx} with {@code mdx.json} (an MDX-Net model and its UVR parameters).
     * Unset: no ONNX engine is installed.
     */
    Optional<Path> modelDir();
}
