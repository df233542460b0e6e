package org.audiomesh.common.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds RIFF/WAVE bytes chunk by chunk, including malformed ones, for reader tests. */
final class RiffBuilder {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private String riffId = "RIFF";
    private Integer riffSize;

    static RiffBuilder wave() {
        return new RiffBuilder();
    }

    RiffBuilder riffId(String id) {
        this.riffId = id;
        return this;
    }

    RiffBuilder riffSize(int size) {
        this.riffSize = size;
        return this;
    }

    /** A plain fmt chunk (16 bytes). */
    RiffBuilder fmt(int tag, int channels, int rate, int blockAlign, int bits) {
        ByteBuffer b = le(16);
        b.putShort((short) tag).putShort((short) channels).putInt(rate).putInt(rate * blockAlign)
                .putShort((short) blockAlign).putShort((short) bits);
        return chunk("fmt ", b.array());
    }

    /** A plain fmt chunk for an encoding. */
    RiffBuilder fmt(SampleEncoding enc, int channels, int rate) {
        int bytes = enc.bytesPerSample();
        return fmt(enc.floatingPoint() ? 3 : 1, channels, rate, channels * bytes, bytes * 8);
    }

    /** A WAVE_FORMAT_EXTENSIBLE fmt chunk (40 bytes) with the standard sub-format GUID. */
    RiffBuilder fmtExtensible(int subTag, int channels, int rate, int containerBits, int validBits) {
        ByteBuffer b = le(40);
        int blockAlign = channels * containerBits / 8;
        b.putShort((short) 0xFFFE).putShort((short) channels).putInt(rate).putInt(rate * blockAlign)
                .putShort((short) blockAlign).putShort((short) containerBits).putShort((short) 22)
                .putShort((short) validBits).putInt(0).putShort((short) subTag)
                .put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        return chunk("fmt ", b.array());
    }

    /** A chunk with its pad byte when its size is odd. */
    RiffBuilder chunk(String id, byte[] data) {
        return chunk(id, data.length, data);
    }

    /** A chunk whose header claims {@code claimedSize} bytes; {@code data} is what follows. */
    RiffBuilder chunk(String id, long claimedSize, byte[] data) {
        ByteBuffer h = le(8);
        h.put(id.getBytes(StandardCharsets.US_ASCII)).putInt((int) claimedSize);
        body.writeBytes(h.array());
        body.writeBytes(data);
        if ((data.length & 1) == 1 && claimedSize == data.length) {
            body.write(0);
        }
        return this;
    }

    RiffBuilder raw(byte[] bytes) {
        body.writeBytes(bytes);
        return this;
    }

    byte[] build() {
        ByteBuffer h = le(12);
        h.put(riffId.getBytes(StandardCharsets.US_ASCII)).putInt(riffSize != null ? riffSize : body.size() + 4)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h.array());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** 16-bit little-endian samples. */
    static byte[] pcm16(int... samples) {
        ByteBuffer b = le(samples.length * 2);
        for (int s : samples) {
            b.putShort((short) s);
        }
        return b.array();
    }

    static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
