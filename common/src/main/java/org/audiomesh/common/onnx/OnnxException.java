package org.audiomesh.common.onnx;

/** A model could not be loaded or run; wraps ONNX Runtime's own exception. */
public class OnnxException extends RuntimeException {
    public OnnxException(String message, Throwable cause) {
        super(message, cause);
    }

    public OnnxException(String message) {
        super(message);
    }
}
