package org.audiomesh.common.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Audio container recognised from its first bytes (magic number), never from a file name.
 */
public enum ContainerFormat {
    WAV("wav", "audio/wav"),
    MP3("mp3", "audio/mpeg"),
    FLAC("flac", "audio/flac"),
    OGG("ogg", "audio/ogg"),
    MP4("m4a", "audio/mp4"),
    UNKNOWN("bin", "application/octet-stream");

    /** Bytes {@link #sniff(Path)} reads; enough for every magic number above. */
    public static final int SNIFF_BYTES = 64;

    private final String extension;
    private final String contentType;

    ContainerFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    /** Typical file name extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** Media type to serve the file with. */
    public String contentType() {
        return contentType;
    }

    /**
     * Recognises the container from the first {@code len} bytes of a file. An ID3v2 tag is
     * looked past when it ends inside {@code head}; a tag longer than that is taken as MP3.
     */
    public static ContainerFormat sniff(byte[] head, int len) {
        len = Math.min(len, head.length);
        if (len >= 12 && (is(head, 0, "RIFF") || is(head, 0, "RF64") || is(head, 0, "BW64"))
                && is(head, 8, "WAVE")) {
            return WAV;
        }
        if (len >= 4 && is(head, 0, "fLaC")) {
            return FLAC;
        }
        if (len >= 4 && is(head, 0, "OggS")) {
            return OGG;
        }
        if (len >= 8 && is(head, 4, "ftyp")) {
            return MP4;
        }
        if (len >= 10 && isId3(head, 0)) {
            long end = id3End(head, 0);
            if (end + 4 <= len) {
                ContainerFormat after = sniff(java.util.Arrays.copyOfRange(head, (int) end, len), (int) (len - end));
                return after == FLAC ? FLAC : MP3;
            }
            return MP3;
        }
        if (len >= 4 && isMpegAudioFrame(head, 0)) {
            return MP3;
        }
        return UNKNOWN;
    }

    /**
     * Sniffs a file, reading its first {@link #SNIFF_BYTES} bytes and, after an ID3v2 tag, the
     * bytes that follow the tag.
     */
    public static ContainerFormat sniff(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            byte[] head = new byte[SNIFF_BYTES];
            int n = readAt(ch, 0, head);
            if (n >= 10 && isId3(head, 0)) {
                long end = id3End(head, 0);
                byte[] after = new byte[SNIFF_BYTES];
                int m = readAt(ch, end, after);
                return sniff(after, m) == FLAC ? FLAC : MP3;
            }
            return sniff(head, n);
        }
    }

    /** Sniffs the first bytes of a stream (it is read, not reset). */
    public static ContainerFormat sniff(InputStream in) throws IOException {
        byte[] head = in.readNBytes(SNIFF_BYTES);
        return sniff(head, head.length);
    }

    private static int readAt(FileChannel ch, long position, byte[] dst) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(dst);
        while (b.hasRemaining() && ch.read(b, position + b.position()) >= 0) {
            // keep reading: a channel read may return fewer bytes than asked
        }
        return b.position();
    }

    private static boolean isId3(byte[] b, int off) {
        return b[off] == 'I' && b[off + 1] == 'D' && b[off + 2] == '3' && (b[off + 3] & 0xFF) < 0xFF
                && (b[off + 6] & 0x80) == 0 && (b[off + 7] & 0x80) == 0 && (b[off + 8] & 0x80) == 0
                && (b[off + 9] & 0x80) == 0;
    }

    /** Offset just past an ID3v2 tag: 10-byte header, sync-safe size, optional 10-byte footer. */
    private static long id3End(byte[] b, int off) {
        long size = ((b[off + 6] & 0x7FL) << 21) | ((b[off + 7] & 0x7FL) << 14) | ((b[off + 8] & 0x7FL) << 7)
                | (b[off + 9] & 0x7FL);
        boolean footer = (b[off + 5] & 0x10) != 0;
        return off + 10 + size + (footer ? 10 : 0);
    }

    /**
     * An MPEG audio frame header: 11-bit sync, a defined version and layer (layer 1-3, which
     * excludes AAC ADTS), a bitrate index other than "bad" and a defined sample rate.
     */
    static boolean isMpegAudioFrame(byte[] b, int off) {
        int b1 = b[off + 1] & 0xFF;
        int b2 = b[off + 2] & 0xFF;
        if ((b[off] & 0xFF) != 0xFF || (b1 & 0xE0) != 0xE0) {
            return false;
        }
        int version = (b1 >> 3) & 3;
        int layer = (b1 >> 1) & 3;
        int bitrate = b2 >> 4;
        int rate = (b2 >> 2) & 3;
        return version != 1 && layer != 0 && bitrate != 0xF && rate != 3;
    }

    private static boolean is(byte[] b, int off, String tag) {
        for (int i = 0; i < 4; i++) {
            if (b[off + i] != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
