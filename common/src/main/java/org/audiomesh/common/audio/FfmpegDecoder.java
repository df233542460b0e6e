package org.audiomesh.common.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;

/**
 * Decodes any file ffmpeg reads (MP3, FLAC, Ogg Vorbis/Opus, AAC/ALAC in MP4…) by streaming
 * {@code ffmpeg … -f f32le pipe:1} through a pipe: 32-bit float frames in [-1, 1], read in
 * chunks, never buffered whole. The shape comes first from {@code ffprobe}.
 *
 * <p>The executables are {@code ffmpeg} and {@code ffprobe} from the {@code PATH} unless the
 * system property {@code audiomesh.ffmpeg} / {@code audiomesh.ffprobe} or the environment
 * variable {@code AUDIOMESH_FFMPEG} / {@code AUDIOMESH_FFPROBE} names them. Without them every
 * call fails with {@link ErrorCode#DECODER_UNAVAILABLE}; a file ffmpeg cannot decode fails with
 * {@link ErrorCode#CORRUPT_AUDIO}. Only the local file protocol is allowed, so a crafted
 * playlist cannot make ffmpeg fetch URLs.
 *
 * <p>{@link #close()} kills ffmpeg; it may be called from another thread to abort a blocked
 * {@link #read}.
 */
public final class FfmpegDecoder implements AudioSource {
    /** Longest ffprobe may take on one file (seconds). */
    private static final long PROBE_TIMEOUT_S = 30;
    /** Longest ffmpeg may take to exit after its output ended (seconds). */
    private static final long EXIT_TIMEOUT_S = 30;
    private static final int STDERR_LIMIT = 4096;
    private static final int PROBE_OUTPUT_LIMIT = 4 << 20;
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Availability per executable pair, checked once per process. */
    private static final Map<Tools, Boolean> AVAILABLE = new ConcurrentHashMap<>();

    /**
     * Which executables to run.
     *
     * @param ffmpeg  path or name on the {@code PATH} of ffmpeg
     * @param ffprobe path or name on the {@code PATH} of ffprobe
     */
    public record Tools(String ffmpeg, String ffprobe) {

        /** From {@code -Daudiomesh.ffmpeg}, {@code AUDIOMESH_FFMPEG} (same for ffprobe), else the PATH. */
        public static Tools fromEnvironment() {
            return new Tools(setting("audiomesh.ffmpeg", "AUDIOMESH_FFMPEG", "ffmpeg"),
                    setting("audiomesh.ffprobe", "AUDIOMESH_FFPROBE", "ffprobe"));
        }

        /** Whether both executables run ({@code -version} exits 0); checked once, then cached. */
        public boolean available() {
            return AVAILABLE.computeIfAbsent(this, t -> runs(t.ffmpeg) && runs(t.ffprobe));
        }

        private static String setting(String property, String env, String fallback) {
            String v = System.getProperty(property);
            if (v == null || v.isBlank()) {
                v = System.getenv(env);
            }
            return v == null || v.isBlank() ? fallback : v;
        }

        private static boolean runs(String exe) {
            try {
                Process p = new ProcessBuilder(exe, "-version").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return false;
                }
                return p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * What ffprobe says about the first audio stream of a file.
     *
     * @param sampleRate      Hz
     * @param channels        channel count
     * @param durationSeconds seconds, or -1 when the container does not say
     * @param codec           ffmpeg codec name, e.g. {@code mp3}, {@code flac}
     * @param container       ffmpeg format name, e.g. {@code mp3}, {@code mov,mp4,m4a,3gp,3g2,mj2}
     */
    public record MediaInfo(int sampleRate, int channels, double durationSeconds, String codec, String container) {

        /** Shape of the decoded stream; the frame count is estimated from the duration. */
        public AudioFormat format() {
            return new AudioFormat(sampleRate, channels,
                    durationSeconds < 0 ? -1 : Math.round(durationSeconds * sampleRate));
        }
    }

    private final Process process;
    private final InputStream pcm;
    private final OutputCapture stderr;
    private final AudioFormat format;
    private final Path file;
    private final byte[] buffer;
    private int buffered;
    private long framesRead;
    private boolean ended;
    private volatile boolean closed;

    private FfmpegDecoder(Process process, AudioFormat format, Path file) {
        this.process = process;
        this.pcm = process.getInputStream();
        this.stderr = OutputCapture.start(process.getErrorStream(), STDERR_LIMIT, "ffmpeg-stderr");
        this.format = format;
        this.file = file;
        int frameBytes = 4 * format.channels();
        this.buffer = new byte[Math.max(frameBytes, BUFFER_BYTES / frameBytes * frameBytes)];
    }

    /** Whether ffmpeg and ffprobe, as configured by the environment, can run (cached). */
    public static boolean available() {
        return Tools.fromEnvironment().available();
    }

    /** Probes with the executables named by the environment. */
    public static MediaInfo probe(Path file) throws IOException {
        return probe(Tools.fromEnvironment(), file);
    }

    /** Runs ffprobe on {@code file} and describes its first audio stream. */
    public static MediaInfo probe(Tools tools, Path file) throws IOException {
        requireAvailable(tools);
        String input = inputUrl(file);
        Process p = start(List.of(tools.ffprobe(), "-v", "error", "-protocol_whitelist", "file",
                "-print_format", "json", "-show_streams", "-show_format", input), tools.ffprobe());
        p.getOutputStream().close();
        OutputCapture out = OutputCapture.start(p.getInputStream(), PROBE_OUTPUT_LIMIT, "ffprobe-stdout");
        OutputCapture err = OutputCapture.start(p.getErrorStream(), STDERR_LIMIT, "ffprobe-stderr");
        try {
            if (!p.waitFor(PROBE_TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw corrupt("ffprobe took longer than " + PROBE_TIMEOUT_S + " s on the file");
            }
            String errors = clean(err.text(), file, input);
            if (p.exitValue() != 0) {
                throw corrupt("ffprobe cannot read the file" + (errors.isEmpty() ? "" : ": " + errors));
            }
            return parseProbe(out.text(), errors);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while probing");
        }
    }

    /** Decodes at the file's own rate and channel count. */
    public static FfmpegDecoder open(Path file) throws IOException {
        return open(Tools.fromEnvironment(), file, 0, 0);
    }

    /**
     * Decodes with ffmpeg's own conversion to {@code sampleRate} (Hz) and {@code channels};
     * 0 keeps the file's value.
     */
    public static FfmpegDecoder open(Path file, int sampleRate, int channels) throws IOException {
        return open(Tools.fromEnvironment(), file, sampleRate, channels);
    }

    /** As {@link #open(Path, int, int)} with the given executables. */
    public static FfmpegDecoder open(Tools tools, Path file, int sampleRate, int channels) throws IOException {
        if (sampleRate < 0 || channels < 0 || channels > WavReader.MAX_CHANNELS) {
            throw new IllegalArgumentException("invalid target: " + sampleRate + " Hz, " + channels + " channels");
        }
        MediaInfo info = probe(tools, file);
        int rate = sampleRate > 0 ? sampleRate : info.sampleRate();
        int ch = channels > 0 ? channels : info.channels();
        long frames = info.durationSeconds() < 0 ? -1 : Math.round(info.durationSeconds() * rate);
        String input = inputUrl(file);
        List<String> cmd = new ArrayList<>(List.of(tools.ffmpeg(), "-nostdin", "-hide_banner", "-v", "error",
                "-protocol_whitelist", "file", "-i", input, "-map", "0:a:0", "-vn", "-sn", "-dn",
                "-f", "f32le", "-acodec", "pcm_f32le"));
        if (sampleRate > 0) {
            cmd.addAll(List.of("-ar", Integer.toString(sampleRate)));
        }
        if (channels > 0) {
            cmd.addAll(List.of("-ac", Integer.toString(channels)));
        }
        cmd.add("pipe:1");
        Process p = start(cmd, tools.ffmpeg());
        p.getOutputStream().close();
        return new FfmpegDecoder(p, new AudioFormat(rate, ch, frames), file);
    }

    /**
     * {@inheritDoc} The frame count is an estimate from the container's duration; the stream
     * may end a few milliseconds earlier or later (encoder delay and padding).
     */
    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public int read(float[] dst, int maxFrames) throws IOException {
        if (ended || closed) {
            return -1;
        }
        if (maxFrames <= 0) {
            return 0;
        }
        int channels = format.channels();
        int frameBytes = 4 * channels;
        int capacity = Math.max(frameBytes, Math.min(maxFrames, buffer.length / frameBytes) * frameBytes);
        while (buffered < frameBytes) {
            int n;
            try {
                n = pcm.read(buffer, buffered, capacity - buffered);
            } catch (IOException e) {
                if (closed) {
                    return -1;
                }
                throw e;
            }
            if (n < 0) {
                finish();
                return -1;
            }
            buffered += n;
        }
        int frames = Math.min(buffered / frameBytes, maxFrames);
        int used = frames * frameBytes;
        PcmCodec.decode(SampleEncoding.FLOAT32, buffer, 0, dst, 0, frames * channels);
        System.arraycopy(buffer, used, buffer, 0, buffered - used);
        buffered -= used;
        framesRead += frames;
        return frames;
    }

    /** Kills ffmpeg if it still runs and releases the pipes; never blocks for long. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        process.destroyForcibly();
        try {
            pcm.close();
        } finally {
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stderr.await(1000);
        }
    }

    /** Whether the ffmpeg process is still running (for tests and diagnostics). */
    boolean running() {
        return process.isAlive();
    }

    private void finish() throws IOException {
        ended = true;
        try {
            if (!process.waitFor(EXIT_TIMEOUT_S, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw corrupt("ffmpeg did not exit after its output ended");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for ffmpeg");
        }
        stderr.await(5000);
        if (closed) {
            return;
        }
        String errors = clean(stderr.text(), file, inputUrl(file));
        if (process.exitValue() != 0) {
            throw corrupt("ffmpeg cannot decode the file (exit " + process.exitValue() + ")"
                    + (errors.isEmpty() ? "" : ": " + errors));
        }
        if (framesRead == 0 && !errors.isEmpty()) {
            throw corrupt("ffmpeg decoded no audio: " + errors);
        }
    }

    // ---------------------------------------------------------------------------------------

    private static MediaInfo parseProbe(String json, String errors) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw corrupt("ffprobe output is not JSON" + (errors.isEmpty() ? "" : ": " + errors));
        }
        JsonNode audio = null;
        for (JsonNode s : root.path("streams")) {
            if ("audio".equals(s.path("codec_type").asText())) {
                audio = s;
                break;
            }
        }
        if (audio == null) {
            throw corrupt("the file has no audio stream");
        }
        int rate = audio.path("sample_rate").asInt(0);
        int channels = audio.path("channels").asInt(0);
        if (rate <= 0 || rate > WavReader.MAX_SAMPLE_RATE || channels <= 0 || channels > WavReader.MAX_CHANNELS) {
            throw corrupt("the audio stream has an invalid shape: " + rate + " Hz, " + channels + " channels");
        }
        double duration = audio.path("duration").asDouble(-1);
        if (!(duration > 0)) {
            duration = root.path("format").path("duration").asDouble(-1);
        }
        if (!(duration > 0) || Double.isInfinite(duration)) {
            duration = -1;
        }
        return new MediaInfo(rate, channels, duration, audio.path("codec_name").asText(""),
                root.path("format").path("format_name").asText(""));
    }

    private static void requireAvailable(Tools tools) {
        if (!tools.available()) {
            throw unavailable(tools);
        }
    }

    private static Process start(List<String> cmd, String exe) throws IOException {
        try {
            return new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new ProcessingException(ErrorCode.DECODER_UNAVAILABLE, "cannot run " + exe + ": " + e.getMessage()
                    + "; install ffmpeg or set AUDIOMESH_FFMPEG / AUDIOMESH_FFPROBE", false, e);
        }
    }

    private static ProcessingException unavailable(Tools tools) {
        return ProcessingException.badInput(ErrorCode.DECODER_UNAVAILABLE,
                "decoding this format needs ffmpeg, which is not available (tried '" + tools.ffmpeg() + "' and '"
                        + tools.ffprobe() + "'): install ffmpeg (e.g. apt-get install ffmpeg) or set "
                        + "AUDIOMESH_FFMPEG / AUDIOMESH_FFPROBE to the executables");
    }

    /** An absolute {@code file:} URL, so no name is taken for an option or another protocol. */
    private static String inputUrl(Path file) {
        return "file:" + file.toAbsolutePath();
    }

    /** ffmpeg's messages without the server's path or pointer values. */
    private static String clean(String text, Path file, String input) {
        String name = file.getFileName() == null ? "<input>" : file.getFileName().toString();
        return text.strip().replace(input, name).replace(file.toAbsolutePath().toString(), name)
                .replaceAll("\\[(\\w+) @ 0x[0-9a-fA-F]+\\] ", "$1: ");
    }

    private static ProcessingException corrupt(String message) {
        return ProcessingException.badInput(ErrorCode.CORRUPT_AUDIO, message);
    }

    /** Drains a process stream on a daemon thread, keeping its first {@code limit} bytes. */
    private static final class OutputCapture implements Runnable {
        private final InputStream in;
        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread thread;

        private OutputCapture(InputStream in, int limit, String name) {
            this.in = in;
            this.limit = limit;
            this.thread = new Thread(this, name);
            thread.setDaemon(true);
        }

        static OutputCapture start(InputStream in, int limit, String name) {
            OutputCapture c = new OutputCapture(in, limit, name);
            c.thread.start();
            return c;
        }

        @Override
        public void run() {
            byte[] b = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(b)) >= 0) {
                    synchronized (kept) {
                        int keep = Math.min(n, limit - kept.size());
                        if (keep > 0) {
                            kept.write(b, 0, keep);
                        }
                    }
                }
            } catch (IOException e) {
                // the process went away; what was read so far is kept
            }
        }

        void await(long millis) {
            try {
                thread.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String text() {
            await(5000);
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
