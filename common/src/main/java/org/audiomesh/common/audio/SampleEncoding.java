package org.audiomesh.common.audio;

/**
 * How one sample is stored in a PCM stream (little-endian, as in WAV). Integer encodings are
 * mapped to floats by dividing by 2<sup>bits-1</sup>, so full scale is [-1, 1).
 */
public enum SampleEncoding {
    /** 8-bit unsigned integer, 128 = silence. */
    PCM_U8(1, false),
    /** 16-bit signed integer. */
    PCM_S16(2, false),
    /** 24-bit signed integer packed in 3 bytes. */
    PCM_S24(3, false),
    /** 32-bit signed integer. */
    PCM_S32(4, false),
    /** IEEE 754 single precision. */
    FLOAT32(4, true),
    /** IEEE 754 double precision. */
    FLOAT64(8, true);

    private final int bytesPerSample;
    private final boolean floatingPoint;

    SampleEncoding(int bytesPerSample, boolean floatingPoint) {
        this.bytesPerSample = bytesPerSample;
        this.floatingPoint = floatingPoint;
    }

    /** Bytes one sample of one channel takes. */
    public int bytesPerSample() {
        return bytesPerSample;
    }

    /** Bits one sample of one channel takes. */
    public int bitsPerSample() {
        return bytesPerSample * 8;
    }

    public boolean floatingPoint() {
        return floatingPoint;
    }

    /** The integer encoding whose container is {@code bytes} wide, or null. */
    static SampleEncoding integerOfBytes(int bytes) {
        return switch (bytes) {
            case 1 -> PCM_U8;
            case 2 -> PCM_S16;
            case 3 -> PCM_S24;
            case 4 -> PCM_S32;
            default -> null;
        };
    }

    /** The floating-point encoding whose container is {@code bytes} wide, or null. */
    static SampleEncoding floatOfBytes(int bytes) {
        return switch (bytes) {
            case 4 -> FLOAT32;
            case 8 -> FLOAT64;
            default -> null;
        };
    }
}
