package org.audiomesh.transcription.engine;

import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.audiomesh.transcription.transcript.Word;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The built-in recogniser: CMU PocketSphinx from the OS packages ({@code pocketsphinx},
 * {@code pocketsphinx-en-us} on Debian 12, version 5prealpha), run as an external process per
 * chunk with the US English acoustic model, its trigram language model and the CMU dictionary.
 *
 * <p>Verified against the Debian 12 binary: {@code pocketsphinx_continuous -infile F.wav -time
 * yes} reads a 16 kHz mono 16-bit WAV (the name must end in {@code .wav}, otherwise the header is
 * decoded as samples), segments it with its own voice-activity detection and prints word times
 * in seconds from the start of the file and each word's posterior probability; see
 * {@link PocketSphinxOutput}. PocketSphinx 5.x replaced this program by {@code pocketsphinx
 * single} with JSON output, which this class does not drive.
 */
public final class PocketSphinxRecognizer implements SpeechRecognizer {
    public static final String NAME = "pocketsphinx";
    /** Debian package names, quoted in every "not installed" message. */
    public static final String INSTALL_HINT = "apt-get install pocketsphinx pocketsphinx-en-us";

    private final String binary;
    private final Path acousticModel;
    private final Path languageModel;
    private final Path dictionary;

    /**
     * @param binary   program name (looked up on {@code PATH}) or path of {@code pocketsphinx_continuous}
     * @param modelDir folder with {@code en-us/} (acoustic model), {@code en-us.lm.bin} and
     *                 {@code cmudict-en-us.dict}, as {@code pocketsphinx-en-us} installs them in
     *                 {@code /usr/share/pocketsphinx/model/en-us}
     */
    public PocketSphinxRecognizer(String binary, Path modelDir) {
        this.binary = binary;
        this.acousticModel = modelDir.resolve("en-us");
        this.languageModel = modelDir.resolve("en-us.lm.bin");
        this.dictionary = modelDir.resolve("cmudict-en-us.dict");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> unavailableReason() {
        if (executable(binary).isEmpty()) {
            return Optional.of("PocketSphinx is not installed: no executable '" + binary + "' (Debian: "
                    + INSTALL_HINT + ")");
        }
        for (Path p : List.of(acousticModel.resolve("mdef"), languageModel, dictionary)) {
            if (!Files.isRegularFile(p)) {
                return Optional.of("the PocketSphinx US English model is missing: no " + p + " (Debian: "
                        + INSTALL_HINT + ")");
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean supportsLanguage(String language) {
        return "en".equals(language);
    }

    @Override
    public List<Word> recognize(Path wav, Runnable heartbeat) {
        Path dir = wav.getParent();
        Path out = dir.resolve(wav.getFileName() + ".hyp");
        Path log = dir.resolve(wav.getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder(binary, "-infile", wav.toString(), "-time", "yes",
                "-hmm", acousticModel.toString(), "-lm", languageModel.toString(), "-dict", dictionary.toString())
                .redirectOutput(out.toFile())
                .redirectError(log.toFile()); // its log, read back only to explain a failure
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ProcessingException(ErrorCode.ENGINE_UNAVAILABLE, "cannot start PocketSphinx ('" + binary
                    + "'): " + e.getMessage() + " (Debian: " + INSTALL_HINT + ")", false, e);
        }
        try {
            while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
                heartbeat.run();
            }
            if (p.exitValue() != 0) {
                throw new ProcessingException(ErrorCode.ENGINE_ERROR, "PocketSphinx exited with status "
                        + p.exitValue() + ": " + tail(log), false);
            }
            return PocketSphinxOutput.parse(Files.readString(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted while PocketSphinx ran");
        } catch (IOException e) {
            throw new ProcessingException(ErrorCode.ENGINE_ERROR, "cannot read PocketSphinx's output: "
                    + e.getMessage(), false, e);
        } finally {
            p.destroyForcibly(); // a no-op when it has exited; stops it when the stage was cancelled
            deleteQuietly(out);
            deleteQuietly(log);
        }
    }

    /** The executable a program name or path resolves to, as the OS would find it on {@code PATH}. */
    static Optional<Path> executable(String program) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8).strip();
            return s.length() > 500 ? "..." + s.substring(s.length() - 500) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temp file left behind is removed with its folder by the stage
        }
    }
}
