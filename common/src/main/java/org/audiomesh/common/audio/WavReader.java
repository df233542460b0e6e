package org.audiomesh.common.audio;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;

/**
 * Streams a RIFF/WAVE (or RF64) file as {@link AudioSource}: PCM 8-bit unsigned, 16/24/32-bit
 * signed, IEEE float 32/64, any channel count, plain or {@code WAVE_FORMAT_EXTENSIBLE}.
 *
 * <p>Chunks may come in any order; unknown chunks ({@code LIST}, {@code fact}, {@code JUNK}…)
 * are skipped, honouring the pad byte after odd-sized chunks. Sizes in the file are never
 * trusted for allocation: a data chunk that claims more bytes than the file holds is read to
 * the end of the file. Malformed headers fail with {@link ErrorCode#CORRUPT_AUDIO}, encodings
 * this reader does not decode (ADPCM, A-law, MP3-in-WAV…) with
 * {@link ErrorCode#UNSUPPORTED_FORMAT}; both are non-retryable.
 */
public final class WavReader implements AudioSource {
    /** Highest sample rate accepted (Hz); anything above is treated as a corrupt header. */
    public static final int MAX_SAMPLE_RATE = 768_000;
    /** Highest channel count accepted. */
    public static final int MAX_CHANNELS = 256;

    private static final int FORMAT_PCM = 0x0001;
    private static final int FORMAT_FLOAT = 0x0003;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    private static final long UNKNOWN_SIZE = 0xFFFFFFFFL;
    private static final int MAX_CHUNKS = 4096;
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    /** Tail of the KSDATAFORMAT_SUBTYPE_* GUIDs after the 2-byte format tag and 2 zero bytes. */
    private static final byte[] GUID_TAIL = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00,
            (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

    private final ByteInput input;
    private final Header header;
    private final AudioFormat format;
    private final byte[] bytes;
    private long bytesLeft;

    private WavReader(ByteInput input, Header header) {
        this.input = input;
        this.header = header;
        this.format = new AudioFormat(header.sampleRate, header.channels, header.frames());
        int frameBytes = header.blockAlign;
        this.bytes = new byte[Math.max(frameBytes, READ_BUFFER_BYTES / frameBytes * frameBytes)];
        this.bytesLeft = header.dataBytes < 0 ? Long.MAX_VALUE : header.dataBytes;
    }

    /**
     * Opens a WAV file. A data chunk that precedes its {@code fmt } chunk is supported here
     * (the file can be seeked), unlike in {@link #open(InputStream)}.
     */
    public static WavReader open(Path path) throws IOException {
        ChannelInput in = new ChannelInput(FileChannel.open(path, StandardOpenOption.READ));
        return open(in);
    }

    /** Reads a WAV stream; the reader owns {@code in} and closes it. */
    public static WavReader open(InputStream in) throws IOException {
        return open(new StreamInput(in));
    }

    private static WavReader open(ByteInput in) throws IOException {
        try {
            Header header = parseHeader(in);
            return new WavReader(in, header);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Reads only the header of a WAV file.
     *
     * @return sample rate (Hz), channels and frames (what the file really holds, not what the
     *         header claims)
     */
    public static AudioFormat probe(Path path) throws IOException {
        try (WavReader reader = open(path)) {
            return reader.format();
        }
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    /** How samples are stored in the file. */
    public SampleEncoding encoding() {
        return header.encoding;
    }

    @Override
    public int read(float[] dst, int maxFrames) throws IOException {
        if (maxFrames <= 0) {
            return 0;
        }
        int blockAlign = header.blockAlign;
        int channels = header.channels;
        int framesDone = 0;
        while (framesDone < maxFrames && bytesLeft >= blockAlign) {
            long want = Math.min((long) (maxFrames - framesDone) * blockAlign, bytesLeft);
            int len = (int) Math.min(want, bytes.length) / blockAlign * blockAlign;
            int got = input.readFully(bytes, len);
            int frames = got / blockAlign;
            PcmCodec.decode(header.encoding, bytes, 0, dst, framesDone * channels, frames * channels);
            framesDone += frames;
            bytesLeft -= got;
            if (got < len) {
                bytesLeft = 0; // end of file (a trailing partial frame is dropped)
            }
        }
        return framesDone == 0 ? -1 : framesDone;
    }

    @Override
    public void close() throws IOException {
        input.close();
    }

    // ---------------------------------------------------------------------------------------
    // header

    /**
     * @param dataBytes bytes of audio to read, or -1 to read to the end of the stream
     */
    private record Header(SampleEncoding encoding, int sampleRate, int channels, int blockAlign,
                          long dataBytes) {
        long frames() {
            return dataBytes < 0 ? -1 : dataBytes / blockAlign;
        }
    }

    private record Fmt(SampleEncoding encoding, int sampleRate, int channels, int blockAlign) {
    }

    private static Header parseHeader(ByteInput in) throws IOException {
        byte[] b = new byte[40];
        int n = in.readFully(b, 12);
        if (n == 0) {
            throw ProcessingException.badInput(ErrorCode.EMPTY_FILE, "the file is empty");
        }
        if (n < 12) {
            throw corrupt("truncated RIFF header (" + n + " bytes)");
        }
        boolean rf64 = is(b, 0, "RF64") || is(b, 0, "BW64");
        if (!(is(b, 0, "RIFF") || rf64) || !is(b, 8, "WAVE")) {
            throw corrupt("not a RIFF/WAVE file");
        }
        long ds64DataBytes = -1;
        Fmt fmt = null;
        long dataOffset = -1;
        long dataBytes = -1;
        for (int chunk = 0; chunk < MAX_CHUNKS; chunk++) {
            int got = in.readFully(b, 8);
            if (got < 8) {
                throw corrupt(fmt == null ? "no fmt chunk before the end of the file"
                        : "no data chunk before the end of the file");
            }
            String id = new String(b, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            long size = PcmCodec.int32(b, 4) & 0xFFFFFFFFL;
            switch (id) {
                case "ds64" -> {
                    if (size < 24) {
                        throw corrupt("ds64 chunk too short: " + size);
                    }
                    if (in.readFully(b, 24) < 24) {
                        throw corrupt("truncated ds64 chunk");
                    }
                    ds64DataBytes = (PcmCodec.int32(b, 8) & 0xFFFFFFFFL) | ((long) PcmCodec.int32(b, 12) << 32);
                    skipOrFail(in, size - 24 + (size & 1), "ds64");
                }
                case "fmt " -> {
                    fmt = parseFmt(in, b, size);
                    if (dataOffset >= 0 && !in.seekable()) {
                        throw ProcessingException.badInput(ErrorCode.UNSUPPORTED_FORMAT,
                                "WAV data chunk comes before its fmt chunk; cannot stream it");
                    }
                    if (dataOffset >= 0) {
                        // data came first; the input is seekable (checked when data was seen)
                        in.seek(dataOffset);
                        return header(in, fmt, dataOffset, dataBytes, rf64, ds64DataBytes);
                    }
                }
                case "data" -> {
                    long offset = in.position();
                    if (fmt != null) {
                        return header(in, fmt, offset, size, rf64, ds64DataBytes);
                    }
                    dataOffset = offset;
                    dataBytes = size;
                    long skip = resolveDataBytes(in, offset, size, rf64, ds64DataBytes);
                    if (skip < 0 || in.skip(skip + (skip & 1)) < skip) {
                        throw corrupt("no fmt chunk before the end of the file");
                    }
                }
                default -> skipOrFail(in, size + (size & 1), id.strip());
            }
        }
        throw corrupt("more than " + MAX_CHUNKS + " chunks before the audio data");
    }

    private static Header header(ByteInput in, Fmt fmt, long offset, long claimed, boolean rf64,
                                 long ds64DataBytes) {
        long dataBytes = resolveDataBytes(in, offset, claimed, rf64, ds64DataBytes);
        if (dataBytes >= 0) {
            dataBytes -= dataBytes % fmt.blockAlign; // a trailing partial frame is not audio
        }
        return new Header(fmt.encoding, fmt.sampleRate, fmt.channels, fmt.blockAlign, dataBytes);
    }

    /** Bytes of audio the data chunk really holds, or -1 (read to end of a stream). */
    private static long resolveDataBytes(ByteInput in, long offset, long claimed, boolean rf64,
                                         long ds64DataBytes) {
        long bytes = claimed;
        if (rf64 && claimed == UNKNOWN_SIZE && ds64DataBytes >= 0) {
            bytes = ds64DataBytes;
        } else if (claimed == UNKNOWN_SIZE) {
            bytes = -1; // written by a streaming writer that could not patch the size
        }
        long size = in.size();
        if (size >= 0) {
            long available = Math.max(0, size - offset);
            bytes = bytes < 0 ? available : Math.min(bytes, available);
        }
        return bytes;
    }

    private static Fmt parseFmt(ByteInput in, byte[] b, long size) throws IOException {
        if (size < 16) {
            throw corrupt("fmt chunk too short: " + size + " bytes");
        }
        int head = (int) Math.min(size, 40);
        if (in.readFully(b, head) < head) {
            throw corrupt("truncated fmt chunk");
        }
        skipOrFail(in, size - head + (size & 1), "fmt");
        int tag = u16(b, 0);
        int channels = u16(b, 2);
        long sampleRate = PcmCodec.int32(b, 4) & 0xFFFFFFFFL;
        int blockAlign = u16(b, 12);
        int bits = u16(b, 14);
        if (tag == FORMAT_EXTENSIBLE) {
            if (head < 40 || u16(b, 16) < 22) {
                throw corrupt("WAVE_FORMAT_EXTENSIBLE fmt chunk too short");
            }
            int validBits = u16(b, 18);
            if (validBits > bits) {
                throw corrupt("valid bits " + validBits + " exceed container bits " + bits);
            }
            for (int i = 0; i < GUID_TAIL.length; i++) {
                if (b[26 + i] != GUID_TAIL[i]) {
                    throw unsupported("WAV with a non-standard sub-format GUID");
                }
            }
            tag = u16(b, 24);
        }
        if (channels == 0 || channels > MAX_CHANNELS) {
            throw corrupt("invalid channel count " + channels);
        }
        if (sampleRate == 0 || sampleRate > MAX_SAMPLE_RATE) {
            throw corrupt("invalid sample rate " + sampleRate + " Hz");
        }
        if (tag != FORMAT_PCM && tag != FORMAT_FLOAT) {
            throw unsupported(String.format("WAV encoding 0x%04X (%s) is not supported", tag, tagName(tag)));
        }
        if (bits == 0 || blockAlign == 0 || blockAlign % channels != 0) {
            throw corrupt("invalid block alignment " + blockAlign + " for " + channels + " channels of "
                    + bits + " bits");
        }
        int container = blockAlign / channels;
        if (bits > container * 8 || bits <= (container - 1) * 8) {
            throw corrupt(bits + " bits per sample do not fit a " + container + "-byte sample");
        }
        SampleEncoding encoding = tag == FORMAT_PCM ? SampleEncoding.integerOfBytes(container)
                : SampleEncoding.floatOfBytes(container);
        if (encoding == null) {
            throw unsupported((tag == FORMAT_PCM ? "PCM" : "float") + " WAV with " + bits + " bits per sample");
        }
        return new Fmt(encoding, (int) sampleRate, channels, blockAlign);
    }

    private static String tagName(int tag) {
        return switch (tag) {
            case 0x0002 -> "MS ADPCM";
            case 0x0006 -> "A-law";
            case 0x0007 -> "mu-law";
            case 0x0011 -> "IMA ADPCM";
            case 0x0031 -> "GSM 6.10";
            case 0x0050, 0x0055 -> "MPEG audio";
            default -> "unknown";
        };
    }

    private static void skipOrFail(ByteInput in, long n, String chunk) throws IOException {
        if (in.skip(n) < n) {
            throw corrupt("the " + chunk + " chunk runs past the end of the file");
        }
    }

    private static boolean is(byte[] b, int off, String tag) {
        for (int i = 0; i < 4; i++) {
            if (b[off + i] != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
    }

    private static ProcessingException corrupt(String message) {
        return ProcessingException.badInput(ErrorCode.CORRUPT_AUDIO, "corrupt WAV: " + message);
    }

    private static ProcessingException unsupported(String message) {
        return ProcessingException.badInput(ErrorCode.UNSUPPORTED_FORMAT, message);
    }

    // ---------------------------------------------------------------------------------------
    // byte input: a file (seekable, known size) or a plain stream

    private interface ByteInput extends Closeable {
        /** Reads until {@code len} bytes or end of input; returns the count read. */
        int readFully(byte[] b, int len) throws IOException;

        /** Skips up to {@code n} bytes; returns fewer only at the end of the input. */
        long skip(long n) throws IOException;

        long position();

        /** Total size in bytes, or -1 when unknown. */
        long size();

        boolean seekable();

        void seek(long position) throws IOException;
    }

    private static final class ChannelInput implements ByteInput {
        private final FileChannel channel;
        private final long size;
        private long position;

        ChannelInput(FileChannel channel) throws IOException {
            this.channel = channel;
            this.size = channel.size();
        }

        @Override
        public int readFully(byte[] b, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, 0, len);
            while (buf.hasRemaining()) {
                if (channel.read(buf, position + buf.position()) < 0) {
                    break;
                }
            }
            position += buf.position();
            return buf.position();
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, size - position));
            position += skipped;
            return skipped;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public boolean seekable() {
            return true;
        }

        @Override
        public void seek(long position) {
            this.position = position;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static final class StreamInput implements ByteInput {
        private final InputStream in;
        private long position;

        StreamInput(InputStream in) {
            this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 16 * 1024);
        }

        @Override
        public int readFully(byte[] b, int len) throws IOException {
            int n = in.readNBytes(b, 0, len);
            position += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long left = n;
            while (left > 0) {
                long s = in.skip(left);
                if (s > 0) {
                    left -= s;
                } else if (in.read() >= 0) {
                    left--;
                } else {
                    break;
                }
            }
            position += n - left;
            return n - left;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public long size() {
            return -1;
        }

        @Override
        public boolean seekable() {
            return false;
        }

        @Override
        public void seek(long position) {
            throw new UnsupportedOperationException("stream input cannot seek");
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
