package org.audiomesh.common.audio;

/**
 * Converts little-endian PCM bytes to floats in [-1, 1] and back. One loop per encoding so the
 * hot loops carry no per-sample branching on the format.
 */
final class PcmCodec {
    private static final float S8 = 1f / 128f;
    private static final float S16 = 1f / 32768f;
    private static final float S24 = 1f / 8388608f;
    private static final double S32 = 1.0 / 2147483648.0;

    private PcmCodec() {
    }

    /**
     * Decodes {@code samples} samples (not frames) from {@code src[srcOff..]} to
     * {@code dst[dstOff..]}. Floating-point input is clamped to [-1, 1]; NaN becomes 0.
     */
    static void decode(SampleEncoding enc, byte[] src, int srcOff, float[] dst, int dstOff, int samples) {
        int s = srcOff;
        int d = dstOff;
        int end = dstOff + samples;
        switch (enc) {
            case PCM_U8 -> {
                for (; d < end; d++, s++) {
                    dst[d] = ((src[s] & 0xFF) - 128) * S8;
                }
            }
            case PCM_S16 -> {
                for (; d < end; d++, s += 2) {
                    dst[d] = (short) ((src[s] & 0xFF) | (src[s + 1] << 8)) * S16;
                }
            }
            case PCM_S24 -> {
                for (; d < end; d++, s += 3) {
                    int v = (src[s] & 0xFF) | ((src[s + 1] & 0xFF) << 8) | (src[s + 2] << 16);
                    dst[d] = v * S24;
                }
            }
            case PCM_S32 -> {
                for (; d < end; d++, s += 4) {
                    dst[d] = (float) (int32(src, s) * S32);
                }
            }
            case FLOAT32 -> {
                for (; d < end; d++, s += 4) {
                    dst[d] = clamp(Float.intBitsToFloat(int32(src, s)));
                }
            }
            case FLOAT64 -> {
                for (; d < end; d++, s += 8) {
                    long bits = (int32(src, s) & 0xFFFFFFFFL) | ((long) int32(src, s + 4) << 32);
                    dst[d] = clamp((float) Double.longBitsToDouble(bits));
                }
            }
            default -> throw new IllegalArgumentException("unknown encoding " + enc);
        }
    }

    /**
     * Encodes {@code samples} samples from {@code src[srcOff..]} to {@code dst[dstOff..]}.
     * Values are clamped to [-1, 1] (NaN becomes 0); integers are rounded to the nearest step.
     */
    static void encode(SampleEncoding enc, float[] src, int srcOff, byte[] dst, int dstOff, int samples) {
        int s = srcOff;
        int d = dstOff;
        int end = srcOff + samples;
        switch (enc) {
            case PCM_U8 -> {
                for (; s < end; s++, d++) {
                    dst[d] = (byte) (toInt(src[s], 128f, 127) + 128);
                }
            }
            case PCM_S16 -> {
                for (; s < end; s++, d += 2) {
                    int v = toInt(src[s], 32768f, 32767);
                    dst[d] = (byte) v;
                    dst[d + 1] = (byte) (v >> 8);
                }
            }
            case PCM_S24 -> {
                for (; s < end; s++, d += 3) {
                    int v = toInt(src[s], 8388608f, 8388607);
                    dst[d] = (byte) v;
                    dst[d + 1] = (byte) (v >> 8);
                    dst[d + 2] = (byte) (v >> 16);
                }
            }
            case PCM_S32 -> {
                for (; s < end; s++, d += 4) {
                    float x = clamp(src[s]);
                    // long arithmetic: 1.0 * 2^31 does not fit an int
                    long v = Math.min(Math.round(x * 2147483648.0), 2147483647L);
                    putInt32(dst, d, (int) v);
                }
            }
            case FLOAT32 -> {
                for (; s < end; s++, d += 4) {
                    putInt32(dst, d, Float.floatToRawIntBits(clamp(src[s])));
                }
            }
            case FLOAT64 -> {
                for (; s < end; s++, d += 8) {
                    long bits = Double.doubleToRawLongBits(clamp(src[s]));
                    putInt32(dst, d, (int) bits);
                    putInt32(dst, d + 4, (int) (bits >>> 32));
                }
            }
            default -> throw new IllegalArgumentException("unknown encoding " + enc);
        }
    }

    static int int32(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8) | ((b[i + 2] & 0xFF) << 16) | (b[i + 3] << 24);
    }

    static void putInt32(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >> 8);
        b[i + 2] = (byte) (v >> 16);
        b[i + 3] = (byte) (v >> 24);
    }

    private static float clamp(float x) {
        if (x != x) {
            return 0f;
        }
        return Math.max(-1f, Math.min(1f, x));
    }

    private static int toInt(float x, float scale, int max) {
        return Math.min(Math.round(clamp(x) * scale), max);
    }
}
