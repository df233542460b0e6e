package org.audiomesh.analysis.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.audiomesh.analysis.engine.MusicAnalysis;
import org.audiomesh.analysis.engine.KeyEstimator;
import org.audiomesh.analysis.engine.MusicAnalysisEngine;
import org.audiomesh.analysis.engine.OnsetStrength;
import org.audiomesh.analysis.engine.RhythmAnalyzer;
import org.audiomesh.analysis.noise.BackgroundNoiseClassifier;
import org.audiomesh.analysis.noise.NoiseModel;
import org.audiomesh.analysis.noise.NoiseModelStore;
import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.worker.ProgressListener;

/**
 * Runs the built-in analysis on files without Kafka or Quarkus, for benchmarks and for trying it
 * out:
 *
 * <pre>
 * java -cp 'analysis-service/target/quarkus-app/app/*:analysis-service/target/quarkus-app/lib/main/*' \
 *     org.audiomesh.analysis.cli.AnalyzeFiles [--out DIR] [--repeat N] [--no-noise] FILE...
 * </pre>
 *
 * Writes the analysis JSON of each file to {@code DIR/<file name>.json} (or stdout) and, on
 * stderr, the time each analysis took (decode included), wall clock and CPU time of the
 * analysing thread (which a busy machine does not inflate; with ffmpeg decoding, ffmpeg's own
 * CPU time is not in it). {@code --repeat N} analyses each file N times and reports the fastest
 * and the median run, so that the just-in-time compiler is warm. The background noise is
 * classified with the shipped model unless {@code --no-noise} is given.
 */
public final class AnalyzeFiles {

    private AnalyzeFiles() {
    }

    public static void main(String[] args) throws IOException {
        Path out = null;
        int repeat = 1;
        boolean noise = true;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--no-noise" -> noise = false;
                case "-h", "--help" -> {
                    usage(System.out);
                    return;
                }
                default -> files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty() || repeat < 1) {
            usage(System.err);
            System.exit(2);
        }
        if (out != null) {
            Files.createDirectories(out);
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectWriter writer = mapper.writerWithDefaultPrettyPrinter();
        NoiseModel model = noise ? new NoiseModelStore().loadShipped() : null;
        MusicAnalysisEngine engine = new MusicAnalysisEngine(new RhythmAnalyzer(), new KeyEstimator(),
                OnsetStrength::new, () -> model, new BackgroundNoiseClassifier(0.25));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Path file : files) {
            long[] nanos = new long[repeat];
            long[] cpuNanos = new long[repeat];
            MusicAnalysis analysis = null;
            for (int r = 0; r < repeat; r++) {
                long start = System.nanoTime();
                long cpuStart = threads.getCurrentThreadCpuTime();
                try (AudioSource source = AudioFiles.open(file)) {
                    analysis = engine.analyze(source, ProgressListener.NONE);
                }
                cpuNanos[r] = threads.getCurrentThreadCpuTime() - cpuStart;
                nanos[r] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            Arrays.sort(cpuNanos);
            ObjectNode json = mapper.valueToTree(analysis);
            json.put("file", file.getFileName().toString());
            if (out == null) {
                System.out.println(writer.writeValueAsString(json));
            } else {
                writer.writeValue(out.resolve(file.getFileName() + ".json").toFile(), json);
            }
            System.err.printf("%s: %.1f s of audio analysed in %.1f ms (fastest of %d), median %.1f ms; "
                    + "CPU time of the analysing thread %.1f ms (least), median %.1f ms%n",
                    file.getFileName(), analysis.rhythm().durationSeconds(), nanos[0] / 1e6, repeat,
                    nanos[repeat / 2] / 1e6, cpuNanos[0] / 1e6, cpuNanos[repeat / 2] / 1e6);
        }
    }

    private static void usage(PrintStream to) {
        to.println("usage: AnalyzeFiles [--out DIR] [--repeat N] [--no-noise] FILE...");
    }
}
