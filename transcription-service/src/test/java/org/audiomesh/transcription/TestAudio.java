package org.audiomesh.transcription;

import org.audiomesh.common.audio.AudioBuffer;
import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.audio.SampleEncoding;
import org.audiomesh.common.audio.WavWriter;
import org.audiomesh.transcription.engine.PocketSphinxRecognizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real recordings and tools the tests use, each failing (not skipping) with the Debian
 * package to install when it is missing: {@code pocketsphinx}, {@code pocketsphinx-en-us},
 * {@code pocketsphinx-testdata}, {@code espeak-ng}.
 */
public final class TestAudio {
    public static final Path TEST_DATA = Path.of("/usr/share/pocketsphinx/test/data");
    public static final Path MODEL_DIR = Path.of("/usr/share/pocketsphinx/model/en-us");
    public static final int RATE = 16_000;

    private TestAudio() {
    }

    /** The recogniser on the OS packages; fails the test with the install hint when they are missing. */
    public static PocketSphinxRecognizer pocketSphinx() {
        PocketSphinxRecognizer r = new PocketSphinxRecognizer("pocketsphinx_continuous", MODEL_DIR);
        r.unavailableReason().ifPresent(reason -> fail("this test runs the real PocketSphinx: " + reason));
        return r;
    }

    /** A LibriVox recording of pocketsphinx-testdata, e.g. {@code 0880} (16 kHz mono WAV). */
    public static Path librivox(String id) {
        Path p = TEST_DATA.resolve("librivox/sense_and_sensibility_01_austen_64kb-" + id + ".wav");
        if (!Files.isRegularFile(p)) {
            fail("missing " + p + ": install the Debian package pocketsphinx-testdata "
                    + "(apt-get install pocketsphinx-testdata)");
        }
        return p;
    }

    /** The reference transcript of a LibriVox recording, lower case words. */
    public static List<String> librivoxTranscript(String id) throws IOException {
        Path file = TEST_DATA.resolve("librivox/transcription");
        Pattern line = Pattern.compile("<s> (.*) </s> \\(sense_and_sensibility_01_austen_64kb-" + id + "\\)");
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher m = line.matcher(l.strip());
            if (m.matches()) {
                return List.of(m.group(1).strip().split("\\s+"));
            }
        }
        throw new AssertionError("no transcript for " + id + " in " + file);
    }

    /**
     * Synthesises {@code text} with espeak-ng, as 16 kHz mono samples without the leading and
     * trailing silence espeak adds.
     *
     * @param voice e.g. {@code en-us+m3}
     */
    public static float[] espeak(String voice, String text, Path workDir) throws IOException, InterruptedException {
        Path wav = Files.createTempFile(workDir, "espeak-", ".wav");
        Process p;
        try {
            p = new ProcessBuilder("espeak-ng", "-v", voice, "-s", "150", "-w", wav.toString(), text)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError("espeak-ng is needed to synthesise test speech: install the Debian package "
                    + "espeak-ng (apt-get install espeak-ng)", e);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("espeak-ng failed for voice " + voice);
        }
        float[] samples = read(wav);
        Files.delete(wav);
        return trim(samples, 1e-3f);
    }

    /** A file read as 16 kHz mono. */
    public static float[] read(Path file) throws IOException {
        try (AudioSource s = AudioFiles.openMono(file, RATE)) {
            return AudioFiles.readAll(s).samples()[0];
        }
    }

    public static void write(Path file, float[] samples) throws IOException {
        WavWriter.write(file, new AudioBuffer(RATE, new float[][] {samples}), SampleEncoding.PCM_S16);
    }

    /** Lays pieces out on a silent track: {@code pieces[i]} starts at {@code starts[i]} seconds. */
    public static float[] place(List<float[]> pieces, double[] starts, double totalSeconds) {
        float[] out = new float[(int) Math.round(totalSeconds * RATE)];
        for (int i = 0; i < pieces.size(); i++) {
            int at = (int) Math.round(starts[i] * RATE);
            float[] p = pieces.get(i);
            if (at + p.length > out.length) {
                throw new IllegalArgumentException("piece " + i + " runs past the end");
            }
            System.arraycopy(p, 0, out, at, p.length);
        }
        return out;
    }

    /** Concatenation of arrays. */
    public static float[] concat(List<float[]> parts) {
        int n = parts.stream().mapToInt(a -> a.length).sum();
        float[] out = new float[n];
        int at = 0;
        for (float[] a : parts) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }

    public static float[] silence(double seconds) {
        return new float[(int) Math.round(seconds * RATE)];
    }

    /** Without leading and trailing samples quieter than {@code threshold}. */
    public static float[] trim(float[] s, float threshold) {
        int a = 0;
        int b = s.length;
        while (a < b && Math.abs(s[a]) < threshold) {
            a++;
        }
        while (b > a && Math.abs(s[b - 1]) < threshold) {
            b--;
        }
        return Arrays.copyOfRange(s, a, b);
    }

    /** Word error rate: (substitutions + deletions + insertions) / reference words. */
    public static double wordErrorRate(List<String> reference, List<String> hypothesis) {
        int n = reference.size();
        int m = hypothesis.size();
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            for (int j = 1; j <= m; j++) {
                int sub = prev[j - 1] + (reference.get(i - 1).equals(hypothesis.get(j - 1)) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return (double) prev[m] / Math.max(1, n);
    }

    /** The words of a list of timed words. */
    public static List<String> texts(List<org.audiomesh.transcription.transcript.Word> words) {
        List<String> out = new ArrayList<>();
        words.forEach(w -> out.add(w.word()));
        return out;
    }
}
