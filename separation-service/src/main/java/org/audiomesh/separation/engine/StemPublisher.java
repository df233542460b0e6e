package org.audiomesh.separation.engine;

import org.audiomesh.common.audio.FfmpegDecoder;
import org.audiomesh.common.audio.SampleEncoding;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.audiomesh.common.worker.StageOutputs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Moves finished stem files from the scratch folder into the job's {@code stems/} folder: WAV
 * as written, FLAC encoded by ffmpeg ({@code -c:a flac}, 16 or 24 bits as the WAV was written).
 */
final class StemPublisher {
    /** Longest one FLAC encode may take (a few seconds for a ten-minute stem). */
    private static final long ENCODE_TIMEOUT_S = 600;
    private static final int ERROR_TEXT_LIMIT = 2000;

    private final FfmpegDecoder.Tools tools;

    StemPublisher(FfmpegDecoder.Tools tools) {
        this.tools = tools;
    }

    /** Why FLAC cannot be written here, or null when it can. */
    String flacUnavailableReason() {
        return tools.available() ? null : "FLAC output needs ffmpeg (" + tools.ffmpeg() + "), which does not run here";
    }

    /**
     * @return the published file name of each stem, in the order given
     */
    List<String> publish(StemFiles files, List<Stem> stems, SeparationOptions.Format format,
                         SampleEncoding encoding, StageOutputs outputs) throws IOException {
        List<String> names = new ArrayList<>();
        for (Stem stem : stems) {
            Path wav = files.file(stem);
            String name = stem.id() + "." + format.extension();
            Path source = format == SeparationOptions.Format.FLAC ? encodeFlac(wav, encoding) : wav;
            outputs.write(name, out -> Files.copy(source, out));
            Files.deleteIfExists(source); // scratch space back as soon as the stem is stored
            Files.deleteIfExists(wav);
            names.add(name);
        }
        return names;
    }

    private Path encodeFlac(Path wav, SampleEncoding encoding) throws IOException {
        Path flac = wav.resolveSibling(wav.getFileName().toString().replace(".wav", ".flac"));
        Path log = wav.resolveSibling("ffmpeg.log");
        Process p = new ProcessBuilder(tools.ffmpeg(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-i", wav.toString(), "-map_metadata", "-1", "-c:a", "flac",
                "-sample_fmt", encoding == SampleEncoding.PCM_S16 ? "s16" : "s32", flac.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(ENCODE_TIMEOUT_S, TimeUnit.SECONDS)) {
                throw new ProcessingException(ErrorCode.ENGINE_ERROR, "ffmpeg took longer than "
                        + ENCODE_TIMEOUT_S + " s to encode a FLAC stem", true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessingException(ErrorCode.STAGE_TIMEOUT, "interrupted while encoding FLAC", true, e);
        } finally {
            p.destroyForcibly();
        }
        if (p.exitValue() != 0) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            throw new ProcessingException(ErrorCode.ENGINE_ERROR, "ffmpeg could not encode FLAC (exit " + p.exitValue()
                    + "): " + text.substring(0, Math.min(text.length(), ERROR_TEXT_LIMIT)).strip(), false);
        }
        return flac;
    }
}
