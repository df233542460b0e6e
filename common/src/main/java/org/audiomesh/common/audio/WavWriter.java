package org.audiomesh.common.audio;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a WAV file as it is produced, chunk by chunk. Written to a {@link Path}, the header's
 * sizes are patched on {@link #close()}; written to an {@link OutputStream} whose length is not
 * known up front, the sizes are left as {@code 0xFFFFFFFF} ("until end of file"), which
 * {@link WavReader} and ffmpeg read to the end. The same happens when the data outgrows the
 * 4 GiB a RIFF size can express.
 *
 * <p>Samples are floats in [-1, 1] (clamped; NaN becomes 0), interleaved by frame. Integer
 * encodings are rounded to the nearest step, without dither. {@code WAVE_FORMAT_EXTENSIBLE} is
 * used where the format calls for it (more than 2 channels or more than 16 bits) unless asked
 * otherwise; float files carry a {@code fact} chunk.
 */
public final class WavWriter implements Closeable {
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final long MAX_RIFF_DATA = 0xFFFFFFFFL - 256;

    private final WritableByteChannel out;
    private final FileChannel file; // null when the output cannot be patched
    private final SampleEncoding encoding;
    private final int channels;
    private final int blockAlign;
    private final byte[] buffer;
    private final int riffSizeAt;
    private final int factAt;
    private final int dataSizeAt;
    private final int headerBytes;
    private long frames;
    private boolean closed;

    private WavWriter(WritableByteChannel out, FileChannel file, int sampleRate, int channels,
                      SampleEncoding encoding, boolean extensible, long knownFrames) throws IOException {
        if (sampleRate <= 0 || channels <= 0 || channels > WavReader.MAX_CHANNELS) {
            throw new IllegalArgumentException("invalid WAV shape: " + sampleRate + " Hz, " + channels + " channels");
        }
        this.out = out;
        this.file = file;
        this.encoding = encoding;
        this.channels = channels;
        this.blockAlign = channels * encoding.bytesPerSample();
        this.buffer = new byte[Math.max(blockAlign, BUFFER_BYTES / blockAlign * blockAlign)];

        ByteBuffer h = ByteBuffer.allocate(80).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long dataBytes = knownFrames < 0 ? -1 : knownFrames * blockAlign;
        h.put(ascii("RIFF"));
        riffSizeAt = h.position();
        h.putInt(0);
        h.put(ascii("WAVE"));
        h.put(ascii("fmt "));
        int tag = encoding.floatingPoint() ? 0x0003 : 0x0001;
        h.putInt(extensible ? 40 : encoding.floatingPoint() ? 18 : 16);
        h.putShort((short) (extensible ? 0xFFFE : tag));
        h.putShort((short) channels);
        h.putInt(sampleRate);
        h.putInt((int) Math.min(0xFFFFFFFFL, (long) sampleRate * blockAlign));
        h.putShort((short) blockAlign);
        h.putShort((short) encoding.bitsPerSample());
        if (extensible) {
            h.putShort((short) 22);
            h.putShort((short) encoding.bitsPerSample());
            h.putInt(channelMask(channels));
            h.putShort((short) tag);
            h.put(new byte[] {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38,
                    (byte) 0x9B, 0x71});
        } else if (encoding.floatingPoint()) {
            h.putShort((short) 0); // cbSize, required for non-PCM formats
        }
        if (encoding.floatingPoint()) {
            h.put(ascii("fact"));
            h.putInt(4);
            factAt = h.position();
            h.putInt(0);
        } else {
            factAt = -1;
        }
        h.put(ascii("data"));
        dataSizeAt = h.position();
        h.putInt(0);
        headerBytes = h.position();
        putSizes(h, dataBytes);
        h.flip();
        while (h.hasRemaining()) {
            out.write(h);
        }
    }

    /** Creates (or truncates) {@code path}; the header is completed on {@link #close()}. */
    public static WavWriter create(Path path, int sampleRate, int channels, SampleEncoding encoding)
            throws IOException {
        return create(path, sampleRate, channels, encoding, wantsExtensible(channels, encoding));
    }

    /** As {@link #create(Path, int, int, SampleEncoding)}, choosing the fmt chunk layout. */
    public static WavWriter create(Path path, int sampleRate, int channels, SampleEncoding encoding,
                                   boolean extensible) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            return new WavWriter(ch, ch, sampleRate, channels, encoding, extensible, -1);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Streams to {@code out} (closed with the writer).
     *
     * @param frames the number of frames that will be written, or -1 when unknown (the header's
     *               sizes then say "until end of file")
     */
    public static WavWriter create(OutputStream out, int sampleRate, int channels, SampleEncoding encoding,
                                   boolean extensible, long frames) throws IOException {
        return new WavWriter(Channels.newChannel(out), null, sampleRate, channels, encoding, extensible, frames);
    }

    /** Writes a whole buffer to {@code path}. */
    public static void write(Path path, AudioBuffer audio, SampleEncoding encoding) throws IOException {
        try (WavWriter w = create(path, audio.sampleRate(), audio.channels(), encoding)) {
            w.write(audio);
        }
    }

    /** Writes a whole buffer to {@code out}, with exact sizes in the header; closes {@code out}. */
    public static void write(OutputStream out, AudioBuffer audio, SampleEncoding encoding) throws IOException {
        try (WavWriter w = create(out, audio.sampleRate(), audio.channels(), encoding,
                wantsExtensible(audio.channels(), encoding), audio.frames())) {
            w.write(audio);
        }
    }

    /**
     * Copies a source to {@code path} chunk by chunk (the source is not closed).
     *
     * @return frames written
     */
    public static long write(Path path, AudioSource source, SampleEncoding encoding) throws IOException {
        AudioFormat f = source.format();
        float[] chunk = new float[4096 * f.channels()];
        try (WavWriter w = create(path, f.sampleRate(), f.channels(), encoding)) {
            int n;
            while ((n = source.read(chunk, 4096)) >= 0) {
                w.write(chunk, n);
            }
            return w.frames();
        }
    }

    /** Appends {@code frames} interleaved frames from {@code samples}. */
    public void write(float[] samples, int frames) throws IOException {
        ensureOpen();
        int perChunk = buffer.length / blockAlign;
        for (int done = 0; done < frames; ) {
            int n = Math.min(perChunk, frames - done);
            PcmCodec.encode(encoding, samples, done * channels, buffer, 0, n * channels);
            writeBuffer(n * blockAlign);
            done += n;
        }
        this.frames += frames;
    }

    /** Appends all frames of a planar buffer; its channel count must match. */
    public void write(AudioBuffer audio) throws IOException {
        ensureOpen();
        if (audio.channels() != channels) {
            throw new IllegalArgumentException("buffer has " + audio.channels() + " channels, writer " + channels);
        }
        float[][] planar = audio.samples();
        int total = audio.frames();
        int perChunk = buffer.length / blockAlign;
        float[] interleaved = new float[Math.min(perChunk, Math.max(total, 1)) * channels];
        for (int done = 0; done < total; ) {
            int n = Math.min(interleaved.length / channels, total - done);
            for (int c = 0; c < channels; c++) {
                float[] src = planar[c];
                for (int i = 0, j = c; i < n; i++, j += channels) {
                    interleaved[j] = src[done + i];
                }
            }
            write(interleaved, n);
            done += n;
        }
    }

    /** Frames written so far. */
    public long frames() {
        return frames;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            long dataBytes = frames * blockAlign;
            if ((dataBytes & 1) != 0) {
                buffer[0] = 0;
                writeBuffer(1); // RIFF chunks are word-aligned
            }
            if (file != null) {
                ByteBuffer h = ByteBuffer.allocate(headerBytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                putSizes(h, dataBytes);
                patch(h, riffSizeAt);
                patch(h, dataSizeAt);
                if (factAt >= 0) {
                    patch(h, factAt);
                }
            }
        } finally {
            out.close();
        }
    }

    private void putSizes(ByteBuffer h, long dataBytes) {
        boolean known = dataBytes >= 0 && dataBytes <= MAX_RIFF_DATA;
        h.putInt(riffSizeAt, known ? (int) (headerBytes - 8 + dataBytes + (dataBytes & 1)) : -1);
        h.putInt(dataSizeAt, known ? (int) dataBytes : -1);
        if (factAt >= 0) {
            h.putInt(factAt, known ? (int) (dataBytes / blockAlign) : -1);
        }
    }

    private void patch(ByteBuffer header, int at) throws IOException {
        ByteBuffer four = ByteBuffer.wrap(header.array(), at, 4);
        while (four.hasRemaining()) {
            file.write(four, four.position()); // header offsets are file offsets
        }
    }

    private void writeBuffer(int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buffer, 0, len);
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("WAV writer is closed");
        }
    }

    private static boolean wantsExtensible(int channels, SampleEncoding encoding) {
        return channels > 2 || encoding.bitsPerSample() > 16 && !encoding.floatingPoint();
    }

    /** Speaker positions of the usual layouts (mono, stereo, 5.1, 7.1); 0 = unspecified. */
    private static int channelMask(int channels) {
        return switch (channels) {
            case 1 -> 0x4;
            case 2 -> 0x3;
            case 3 -> 0x7;
            case 4 -> 0x33;
            case 5 -> 0x37;
            case 6 -> 0x3F;
            case 8 -> 0x63F;
            default -> 0;
        };
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
