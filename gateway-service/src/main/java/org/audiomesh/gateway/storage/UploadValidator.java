package org.audiomesh.gateway.storage;

import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioFormat;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.audio.ContainerFormat;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.audiomesh.gateway.config.GatewayConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decides whether an uploaded file is audio the mesh can process: not empty, within the size
 * limit, a known container by its magic number (WAV, MP3, FLAC, OGG, M4A/MP4, never by its
 * name), decodable (the first half second is actually decoded), and within the duration limit.
 */
@ApplicationScoped
public class UploadValidator {
    private static final int SNIFF_BYTES = 64;
    private static final double PROBE_SECONDS = 0.5;

    private final GatewayConfig config;

    public UploadValidator(GatewayConfig config) {
        this.config = config;
    }

    /** What the validation learned about a valid upload. */
    public record ValidatedAudio(ContainerFormat container, AudioFormat format, long sizeBytes) {
    }

    public ValidatedAudio validate(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            throw ProcessingException.badInput(ErrorCode.EMPTY_FILE, "the uploaded file is empty");
        }
        if (size > config.maxUploadBytes()) {
            throw ProcessingException.badInput(ErrorCode.FILE_TOO_LARGE, "the upload is larger than the limit of "
                    + config.maxUploadBytes() + " bytes");
        }
        byte[] head = new byte[SNIFF_BYTES];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        ContainerFormat container = ContainerFormat.sniff(head, n);
        if (container == ContainerFormat.UNKNOWN) {
            throw ProcessingException.badInput(ErrorCode.UNSUPPORTED_FORMAT,
                    "not a supported audio file (WAV, MP3, FLAC, OGG or M4A), judged by its content");
        }
        AudioFormat format = AudioFiles.probe(file);
        double duration = format.durationSeconds();
        if (duration > config.maxDuration().toSeconds()) {
            throw ProcessingException.badInput(ErrorCode.AUDIO_TOO_LONG, String.format(java.util.Locale.ROOT,
                    "the recording lasts %.0f s; the limit is %d s", duration, config.maxDuration().toSeconds()));
        }
        decodeProbe(file, format);
        return new ValidatedAudio(container, format, size);
    }

    /** Decodes the first half second: a header alone does not prove the audio is readable. */
    private static void decodeProbe(Path file, AudioFormat format) throws IOException {
        int frames = (int) Math.max(1, format.sampleRate() * PROBE_SECONDS);
        float[] buf = new float[frames * format.channels()];
        try (AudioSource source = AudioFiles.open(file)) {
            int read = source.read(buf, frames);
            if (read <= 0) {
                throw ProcessingException.badInput(ErrorCode.CORRUPT_AUDIO, "the file holds no audio samples");
            }
        }
    }
}
