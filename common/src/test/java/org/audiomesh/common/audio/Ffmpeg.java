package org.audiomesh.common.audio;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs ffmpeg from tests to make real MP3/FLAC/Ogg/M4A files. */
final class Ffmpeg {
    private Ffmpeg() {
    }

    /** Fails the calling test where ffmpeg is missing: .ci/run installs it, and so must a developer. */
    static void requireInstalled() {
        assertTrue(FfmpegDecoder.available(), "ffmpeg/ffprobe are not installed: apt-get install ffmpeg");
    }

    /** Runs ffmpeg with {@code args} (after {@code -y -v error}) and fails the test if it fails. */
    static void run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(FfmpegDecoder.Tools.fromEnvironment().ffmpeg(), "-nostdin", "-y",
                "-v", "error"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            fail("ffmpeg " + String.join(" ", args) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }

    /** Encodes {@code wav} to {@code target} with extra output options. */
    static Path encode(Path wav, Path target, String... options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-i", wav.toString()));
        args.addAll(List.of(options));
        args.add(target.toString());
        run(args.toArray(String[]::new));
        return target;
    }
}
