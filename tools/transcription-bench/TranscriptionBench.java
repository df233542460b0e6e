import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.audiomesh.common.audio.AudioBuffer;
import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.audio.SampleEncoding;
import org.audiomesh.common.audio.WavWriter;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.storage.BlobKey;
import org.audiomesh.common.storage.FileSystemBlobStore;
import org.audiomesh.common.worker.EngineInput;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.common.worker.StageOutputs;
import org.audiomesh.transcription.diarization.Diarizer;
import org.audiomesh.transcription.engine.PocketSphinxRecognizer;
import org.audiomesh.transcription.engine.TranscriptionStage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark of the built-in transcription engine (the whole TranscriptionStage: chunking,
 * PocketSphinx, diarization beside it, all output files).
 *
 * <pre>
 * javac -d CLASSES -cp CLASSPATH TranscriptionBench.java
 * java -cp CLASSES:CLASSPATH TranscriptionBench make DIR          # writes DIR/manifest.tsv and the espeak-ng audio
 * java -cp CLASSES:CLASSPATH TranscriptionBench run DIR [SETS]    # transcribes, scores, prints Markdown tables
 * java -cp CLASSES:CLASSPATH TranscriptionBench long DIR SECONDS  # one long file: real-time factor and memory
 * </pre>
 * (run.sh does all of it.)
 *
 * Manifest columns (tab-separated): set, id, wav, reference words (space-separated, lower case),
 * reference onsets in seconds (comma-separated, one per reference word, "nan" where unknown).
 * Sets: librivox and cards (the real recordings of pocketsphinx-testdata and their
 * transcripts), espeak-words (each word synthesised alone by espeak-ng and placed at a known
 * onset), espeak-sentences (whole sentences placed at known onsets; only the first word's onset
 * is known).
 */
public class TranscriptionBench {
    static final Path TEST_DATA = Path.of("/usr/share/pocketsphinx/test/data");
    static final int RATE = 16_000;
    static final String[] SENTENCES = {
            "the weather was cold and the wind blew across the empty harbour",
            "i think we should leave before the trains stop running tonight",
            "nobody expected the concert to sell out in less than an hour",
            "please put the books back on the shelf when you have finished",
            "the garden needs water every morning during the summer months",
            "we found an old map hidden under the floor of the kitchen",
            "my brother bought a new car last week",
            "she reads the newspaper every evening after dinner",
    };
    static final String[] VOICES = {"en-us", "en-us+f4", "en-us+m3", "en-gb"};

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "make" -> make(dir);
            case "run" -> run(dir, args.length > 2 ? List.of(args[2].split(",")) : null);
            case "long" -> runLong(dir, Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("make | run | long");
        }
    }

    // ---------------------------------------------------------------- test set

    static void make(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("audio"));
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(TEST_DATA.resolve("librivox/transcription"))) {
            String ref = line.substring(line.indexOf("<s>") + 3, line.indexOf("</s>")).strip();
            String id = line.substring(line.lastIndexOf('(') + 1, line.lastIndexOf(')'));
            rows.add(row("librivox", id, TEST_DATA.resolve("librivox/" + id + ".wav"), ref, null));
        }
        for (String line : Files.readAllLines(TEST_DATA.resolve("cards/cards.transcription"))) {
            String ref = line.substring(line.indexOf("<s>") + 3, line.indexOf("</s>")).strip();
            String id = line.substring(line.lastIndexOf('(') + 1, line.lastIndexOf(')'));
            rows.add(row("cards", id, TEST_DATA.resolve("cards/" + id + ".wav"), ref, null));
        }
        Random random = new Random(8);
        // espeak-words: each word alone, placed at a known onset after a gap of 0.15..0.45 s
        for (int s = 0; s < SENTENCES.length; s++) {
            String voice = VOICES[s % VOICES.length];
            String[] words = SENTENCES[s].split(" ");
            List<float[]> pieces = new ArrayList<>();
            double[] onsets = new double[words.length];
            double t = 0.5;
            for (int i = 0; i < words.length; i++) {
                float[] w = espeak(voice, words[i], dir);
                pieces.add(w);
                onsets[i] = t;
                t += (double) w.length / RATE + 0.15 + 0.3 * random.nextDouble();
            }
            Path wav = dir.resolve("audio/words-" + s + ".wav");
            write(wav, place(pieces, onsets, t + 0.5));
            rows.add(row("espeak-words", "words-" + s + "-" + voice, wav, SENTENCES[s], onsets));
        }
        // espeak-sentences: two files of four sentences each, placed at known onsets
        for (int f = 0; f < 2; f++) {
            List<float[]> pieces = new ArrayList<>();
            List<Double> starts = new ArrayList<>();
            StringBuilder ref = new StringBuilder();
            List<Double> onsets = new ArrayList<>();
            double t = 0.7;
            for (int s = f * 4; s < f * 4 + 4; s++) {
                float[] a = espeak(VOICES[s % VOICES.length], SENTENCES[s], dir);
                pieces.add(a);
                starts.add(t);
                String[] words = SENTENCES[s].split(" ");
                for (int i = 0; i < words.length; i++) {
                    onsets.add(i == 0 ? t : Double.NaN);
                }
                ref.append(ref.isEmpty() ? "" : " ").append(SENTENCES[s]);
                t += (double) a.length / RATE + 0.8 + 0.8 * random.nextDouble();
            }
            Path wav = dir.resolve("audio/sentences-" + f + ".wav");
            write(wav, place(pieces, starts.stream().mapToDouble(Double::doubleValue).toArray(), t + 0.5));
            rows.add(row("espeak-sentences", "sentences-" + f, wav, ref.toString(),
                    onsets.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        Files.write(dir.resolve("manifest.tsv"), rows, StandardCharsets.UTF_8);
        System.out.println("wrote " + rows.size() + " items to " + dir.resolve("manifest.tsv"));
    }

    static String row(String set, String id, Path wav, String ref, double[] onsets) {
        String on;
        if (onsets == null) {
            on = "-";
        } else {
            StringBuilder b = new StringBuilder();
            for (double o : onsets) {
                b.append(b.isEmpty() ? "" : ",").append(Double.isNaN(o) ? "nan" : String.format("%.4f", o));
            }
            on = b.toString();
        }
        return String.join("\t", set, id, wav.toString(), ref.strip().replaceAll("\\s+", " "), on);
    }

    static float[] espeak(String voice, String text, Path dir) throws Exception {
        Path wav = Files.createTempFile(dir, "espeak-", ".wav");
        Process p = new ProcessBuilder("espeak-ng", "-v", voice, "-s", "150", "-w", wav.toString(), text)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("espeak-ng failed (apt-get install espeak-ng)");
        }
        float[] s;
        try (AudioSource src = AudioFiles.openMono(wav, RATE)) {
            s = AudioFiles.readAll(src).samples()[0];
        }
        Files.delete(wav);
        int a = 0;
        int b = s.length;
        while (a < b && Math.abs(s[a]) < 1e-3f) {
            a++;
        }
        while (b > a && Math.abs(s[b - 1]) < 1e-3f) {
            b--;
        }
        return Arrays.copyOfRange(s, a, b);
    }

    static float[] place(List<float[]> pieces, double[] starts, double total) {
        float[] out = new float[(int) Math.round(total * RATE)];
        for (int i = 0; i < pieces.size(); i++) {
            System.arraycopy(pieces.get(i), 0, out, (int) Math.round(starts[i] * RATE), pieces.get(i).length);
        }
        return out;
    }

    static void write(Path wav, float[] samples) throws IOException {
        WavWriter.write(wav, new AudioBuffer(RATE, new float[][] {samples}), SampleEncoding.PCM_S16);
    }

    // ---------------------------------------------------------------- running

    record Hyp(List<String> words, double[] onsets, double seconds, double audioSeconds, int speakers) {
    }

    static final ObjectMapper MAPPER = new ContractJson().mapper();

    static Hyp transcribe(TranscriptionStage stage, FileSystemBlobStore store, Path wav, int n) throws Exception {
        String id = org.audiomesh.common.storage.JobIds.newId();
        EngineInput input = new EngineInput(id, wav, AudioFiles.probe(wav), Map.of(),
                new StageOutputs(store, id, Stage.TRANSCRIPTION));
        long t0 = System.nanoTime();
        JsonNode result = stage.process(input, ProgressListener.NONE).result();
        double took = (System.nanoTime() - t0) / 1e9;
        JsonNode transcript;
        try (InputStream in = store.open(new BlobKey(id, "transcription", "transcript.json"))) {
            transcript = MAPPER.readTree(in);
        }
        List<String> words = new ArrayList<>();
        List<Double> onsets = new ArrayList<>();
        for (JsonNode s : transcript.get("segments")) {
            for (JsonNode w : s.get("words")) {
                words.add(normalise(w.get("word").asText()));
                onsets.add(w.get("start").asDouble());
            }
        }
        return new Hyp(words, onsets.stream().mapToDouble(Double::doubleValue).toArray(), took,
                result.get("duration_seconds").asDouble(), result.get("diarization").get("speakers").asInt());
    }

    static String normalise(String w) {
        return w.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9']", "");
    }

    /** ONNX Runtime for the Silero VAD and Whisper variants (CPU, as on this machine). */
    static final org.audiomesh.common.onnx.OnnxInference ONNX = new org.audiomesh.common.onnx.OnnxInference(
            new org.audiomesh.common.onnx.OnnxSettings(List.of(org.audiomesh.common.onnx.ExecutionProvider.CPU), 0, 0));

    /**
     * The stage as the service builds it: PocketSphinx, or Whisper with {@code -Dwhisper=DIR}; Silero
     * VAD choosing the speech with {@code -Dvad=true} (the service's default), else the whole file.
     */
    static TranscriptionStage stage(ExecutorService threads) throws java.io.IOException {
        org.audiomesh.transcription.engine.SpeechRecognizer r;
        String whisper = System.getProperty("whisper");
        if (whisper != null) {
            r = new org.audiomesh.transcription.whisper.WhisperRecognizer(
                    org.audiomesh.transcription.whisper.WhisperModels.load(Path.of(whisper), ONNX, MAPPER));
        } else {
            String binary = System.getProperty("pocketsphinx", "pocketsphinx_continuous");
            PocketSphinxRecognizer p = new PocketSphinxRecognizer(binary, Path.of("/usr/share/pocketsphinx/model/en-us"));
            p.unavailableReason().ifPresent(reason -> {
                throw new IllegalStateException(reason);
            });
            r = p;
        }
        org.audiomesh.transcription.vad.SileroVad vad = Boolean.getBoolean("vad")
                ? new org.audiomesh.transcription.vad.SileroVad(org.audiomesh.transcription.vad.SileroVadModel.load(
                org.audiomesh.transcription.vad.SileroVadModel.BUILTIN, ONNX)) : null;
        return new TranscriptionStage(r, 30, vad, org.audiomesh.transcription.vad.SpeechRegions.Settings.defaults(), 1,
                new Diarizer(), threads, MAPPER);
    }

    static final class SetScore {
        int refWords;
        int edits;
        int sub;
        int del;
        int ins;
        double audio;
        double seconds;
        List<Double> onsetErrors = new ArrayList<>();
        List<Double> sentenceOnsetErrors = new ArrayList<>();
        int items;
    }

    static void run(Path dir, List<String> only) throws Exception {
        ExecutorService threads = Executors.newCachedThreadPool();
        FileSystemBlobStore store = new FileSystemBlobStore(Files.createTempDirectory("transcription-bench-"));
        TranscriptionStage stage = stage(threads);
        // warm-up: JIT and page cache, not counted
        transcribe(stage, store, TEST_DATA.resolve("librivox/sense_and_sensibility_01_austen_64kb-0880.wav"), 0);
        Map<String, SetScore> sets = new LinkedHashMap<>();
        int n = 1;
        for (String line : Files.readAllLines(dir.resolve("manifest.tsv"), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            if (only != null && !only.contains(f[0])) {
                continue;
            }
            List<String> ref = List.of(f[3].split(" ")).stream().map(TranscriptionBench::normalise).toList();
            Hyp hyp = transcribe(stage, store, Path.of(f[2]), n++);
            SetScore s = sets.computeIfAbsent(f[0], k -> new SetScore());
            int[] counts = align(ref, hyp.words(), null);
            s.refWords += ref.size();
            s.sub += counts[0];
            s.del += counts[1];
            s.ins += counts[2];
            s.edits += counts[0] + counts[1] + counts[2];
            s.audio += hyp.audioSeconds();
            s.seconds += hyp.seconds();
            s.items++;
            if (!f[4].equals("-")) {
                double[] refOnsets = Arrays.stream(f[4].split(","))
                        .mapToDouble(v -> v.equals("nan") ? Double.NaN : Double.parseDouble(v)).toArray();
                int[] pair = new int[ref.size()];
                align(ref, hyp.words(), pair);
                for (int i = 0; i < ref.size(); i++) {
                    if (pair[i] >= 0 && !Double.isNaN(refOnsets[i]) && ref.get(i).equals(hyp.words().get(pair[i]))) {
                        s.onsetErrors.add(hyp.onsets()[pair[i]] - refOnsets[i]);
                        System.err.printf("  '%s' at %.3f s, heard at %.3f s%n", ref.get(i), refOnsets[i],
                                hyp.onsets()[pair[i]]);
                    }
                    if (!Double.isNaN(refOnsets[i]) && f[0].equals("espeak-sentences")) {
                        // sentence onset: the first recognised word starting after the previous sentence's onset
                        double best = Double.NaN;
                        for (double o : hyp.onsets()) {
                            if (o >= refOnsets[i] - 0.5) {
                                best = o;
                                break;
                            }
                        }
                        if (!Double.isNaN(best)) {
                            s.sentenceOnsetErrors.add(best - refOnsets[i]);
                        }
                    }
                }
            }
            System.err.printf("%s %s: %d ref, %d hyp words, %.2f s for %.2f s; hyp: %s%n", f[0], f[1], ref.size(),
                    hyp.words().size(), hyp.seconds(), hyp.audioSeconds(), String.join(" ", hyp.words()));
        }
        System.out.println("| set | files | audio (s) | reference words | WER | sub / del / ins | real-time factor |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (var e : sets.entrySet()) {
            SetScore s = e.getValue();
            System.out.printf("| %s | %d | %.1f | %d | %.1f %% | %d / %d / %d | %.3f |%n", e.getKey(), s.items, s.audio,
                    s.refWords, 100.0 * s.edits / s.refWords, s.sub, s.del, s.ins, s.seconds / s.audio);
        }
        System.out.println();
        System.out.println("| set | timed words (correct, onset known) | mean abs. onset error | median | within 200 ms | mean signed error |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        for (var e : sets.entrySet()) {
            timing(e.getKey() + " (words)", e.getValue().onsetErrors);
            if (!e.getValue().sentenceOnsetErrors.isEmpty()) {
                timing(e.getKey() + " (sentence onsets, any word)", e.getValue().sentenceOnsetErrors);
            }
        }
        System.out.printf("%nJVM peak RSS (VmHWM): %s%n", vmHwm());
        threads.shutdownNow();
    }

    static void timing(String name, List<Double> errors) {
        if (errors.isEmpty()) {
            return;
        }
        double[] abs = errors.stream().mapToDouble(Math::abs).sorted().toArray();
        double mean = Arrays.stream(abs).average().orElse(Double.NaN);
        double median = abs[abs.length / 2];
        double within = Arrays.stream(abs).filter(a -> a <= 0.2).count() / (double) abs.length;
        double signed = errors.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        System.out.printf("| %s | %d | %.0f ms | %.0f ms | %.0f %% | %+.0f ms |%n", name, abs.length, 1000 * mean,
                1000 * median, 100 * within, 1000 * signed);
    }

    /**
     * Levenshtein alignment of reference and hypothesis words.
     *
     * @param pair when not null, receives per reference word its hypothesis index (match or
     *             substitution) or -1 (deletion)
     * @return substitutions, deletions, insertions
     */
    static int[] align(List<String> ref, List<String> hyp, int[] pair) {
        int n = ref.size();
        int m = hyp.size();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int c = ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + c, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
            }
        }
        int sub = 0;
        int del = 0;
        int ins = 0;
        if (pair != null) {
            Arrays.fill(pair, -1);
        }
        for (int i = n, j = m; i > 0 || j > 0; ) {
            if (i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1)) {
                if (!ref.get(i - 1).equals(hyp.get(j - 1))) {
                    sub++;
                }
                if (pair != null) {
                    pair[i - 1] = j - 1;
                }
                i--;
                j--;
            } else if (i > 0 && d[i][j] == d[i - 1][j] + 1) {
                del++;
                i--;
            } else {
                ins++;
                j--;
            }
        }
        return new int[] {sub, del, ins};
    }

    // ---------------------------------------------------------------- long file

    static void runLong(Path dir, int seconds) throws Exception {
        // real speech: the LibriVox and cards recordings one after another with 0.5 s gaps, repeated
        List<float[]> parts = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("manifest.tsv"), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            if (f[0].equals("librivox") || f[0].equals("cards")) {
                try (AudioSource src = AudioFiles.openMono(Path.of(f[2]), RATE)) {
                    parts.add(AudioFiles.readAll(src).samples()[0]);
                }
            }
        }
        Path wav = dir.resolve("audio/long-" + seconds + ".wav");
        long frames = (long) seconds * RATE;
        try (WavWriter w = WavWriter.create(wav, RATE, 1, SampleEncoding.PCM_S16)) {
            float[] gap = new float[RATE / 2];
            for (int k = 0; w.frames() < frames; k++) {
                float[] p = parts.get(k % parts.size());
                w.write(p, (int) Math.min(p.length, frames - w.frames()));
                w.write(gap, (int) Math.min(gap.length, frames - w.frames()));
            }
        }
        ExecutorService threads = Executors.newCachedThreadPool();
        FileSystemBlobStore store = new FileSystemBlobStore(Files.createTempDirectory("transcription-bench-"));
        Hyp hyp = transcribe(stage(threads), store, wav, 1);
        System.out.printf("long file %d s: %.1f s to transcribe, real-time factor %.3f, %d words, %d speakers, "
                + "JVM peak RSS (VmHWM) %s%n", seconds, hyp.seconds(), hyp.seconds() / hyp.audioSeconds(),
                hyp.words().size(), hyp.speakers(), vmHwm());
        threads.shutdownNow();
    }

    /** Peak resident set of this JVM and the peak heap its pools used. */
    static String vmHwm() throws IOException {
        String hwm = "?";
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmHWM:")) {
                hwm = l.substring(6).strip();
            }
        }
        long heap = 0;
        for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                heap += pool.getPeakUsage().getUsed();
            }
        }
        return hwm + ", peak heap used " + heap / 1024 + " kB";
    }
}
