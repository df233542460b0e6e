package org.audiomesh.enhancement.tool;

import org.audiomesh.common.onnx.ExecutionProvider;
import org.audiomesh.common.onnx.OnnxInference;
import org.audiomesh.common.onnx.OnnxSettings;
import org.audiomesh.enhancement.dfn.DeepFilterNetEngine;
import org.audiomesh.enhancement.dfn.DeepFilterNetModels;
import org.audiomesh.enhancement.dfn.HybridEnhancementEngine;
import org.audiomesh.enhancement.engine.ChannelMode;
import org.audiomesh.enhancement.engine.EnhancementOptions;
import org.audiomesh.enhancement.engine.EnhancementPipeline;
import org.audiomesh.enhancement.engine.StatisticalEnhancer;
import org.audiomesh.common.worker.ProgressListener;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Command-line enhancement of files without Kafka, for benchmarks and operators:
 * {@code EnhanceFiles [--attenuation-db 25] [--channel-mode per_channel|mid] [--no-hum] [--no-bursts]
 * [--deepfilternet MODEL_DIR [--threads N] [--chunk-frames 500] [--context-frames 100] [--blend SHARE]]
 * [--pairs list.txt | IN OUT ...]}. A pairs file holds one "input output" pair per line. Prints one
 * JSON line per file with the processing time (ms, excluding JVM start and model loading) and the
 * findings. Without {@code --deepfilternet} the built-in engine runs; with it, the DeepFilterNet3
 * graphs of {@code MODEL_DIR} run on ONNX Runtime's CPU provider with {@code N} intra-op threads
 * (default 1), after the same hum removal as the built-in engine's ({@link org.audiomesh.enhancement.engine.HumRemovingEnhancer};
 * {@code --no-hum} turns it off for either engine). With {@code --blend SHARE} as well, the hybrid
 * engine runs: the built-in and the DeepFilterNet3 outputs mixed ({@link org.audiomesh.enhancement.engine.BlendedEnhancer}, network
 * share at most {@code SHARE}).
 */
public final class EnhanceFiles {
    private EnhanceFiles() {
    }

    public static void main(String[] args) throws Exception {
        double attenuation = 25;
        ChannelMode mode = ChannelMode.PER_CHANNEL;
        boolean hum = true;
        boolean bursts = true;
        Path dfnFolder = null;
        int threads = 1;
        int chunkFrames = 500;
        int contextFrames = 100;
        double blend = -1;
        List<Path[]> pairs = new ArrayList<>();
        List<String> loose = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--attenuation-db" -> attenuation = Double.parseDouble(args[++i]);
                case "--channel-mode" -> mode = ChannelMode.parse(args[++i]);
                case "--no-hum" -> hum = false;
                case "--no-bursts" -> bursts = false;
                case "--deepfilternet" -> dfnFolder = Path.of(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--chunk-frames" -> chunkFrames = Integer.parseInt(args[++i]);
                case "--context-frames" -> contextFrames = Integer.parseInt(args[++i]);
                case "--blend" -> blend = Double.parseDouble(args[++i]);
                case "--pairs" -> {
                    for (String line : Files.readAllLines(Path.of(args[++i]))) {
                        String[] parts = line.trim().split("\\s+");
                        if (parts.length == 2) {
                            pairs.add(new Path[] {Path.of(parts[0]), Path.of(parts[1])});
                        }
                    }
                }
                default -> loose.add(args[i]);
            }
        }
        for (int i = 0; i + 1 < loose.size(); i += 2) {
            pairs.add(new Path[] {Path.of(loose.get(i)), Path.of(loose.get(i + 1))});
        }
        if (pairs.isEmpty()) {
            System.err.println("usage: EnhanceFiles [--attenuation-db DB] [--channel-mode per_channel|mid] [--no-hum] [--no-bursts] "
                    + "[--deepfilternet MODEL_DIR [--threads N] [--chunk-frames N] [--context-frames N] [--blend SHARE]] "
                    + "(--pairs FILE | IN OUT ...)");
            System.exit(2);
        }
        if (blend >= 0 && dfnFolder == null || blend > 1) {
            System.err.println("--blend SHARE needs --deepfilternet MODEL_DIR and a share in [0, 1]");
            System.exit(2);
        }
        EnhancementOptions options = new EnhancementOptions(attenuation, OptionalInt.empty(), mode, hum, null, bursts);
        StatisticalEnhancer.Settings settings = StatisticalEnhancer.Settings.of(options);
        EnhancementPipeline.EnhancerFactory factory = (rate, channels) -> new StatisticalEnhancer(rate, channels, settings);
        OnnxInference onnx = null;
        if (dfnFolder != null) {
            onnx = new OnnxInference(new OnnxSettings(List.of(ExecutionProvider.CPU), threads, 0));
            DeepFilterNetEngine dfn = new DeepFilterNetEngine(new DeepFilterNetModels(onnx, dfnFolder), options, null,
                    chunkFrames, contextFrames);
            if (blend < 0) {
                factory = (rate, channels) -> dfn.enhancer(channels, options);
            } else {
                HybridEnhancementEngine hybrid = new HybridEnhancementEngine(dfn, options, blend);
                factory = (rate, channels) -> hybrid.enhancer(rate, channels, options);
            }
        }
        try {
            run(pairs, factory);
        } finally {
            if (onnx != null) {
                onnx.close();
            }
        }
    }

    private static void run(List<Path[]> pairs, EnhancementPipeline.EnhancerFactory factory) throws Exception {
        for (Path[] p : pairs) {
            long start = System.nanoTime();
            EnhancementPipeline.Outcome o;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(p[1]), 1 << 16)) {
                o = EnhancementPipeline.run(p[0], factory, 0, out, ProgressListener.NONE);
            }
            double ms = (System.nanoTime() - start) / 1e6;
            double seconds = (double) o.outputFrames() / o.outputRate();
            System.out.printf(java.util.Locale.ROOT,
                    "{\"input\":\"%s\",\"ms\":%.1f,\"audio_s\":%.3f,\"realtime_x\":%.1f,\"snr_db\":%.2f,"
                            + "\"noise_type\":\"%s\",\"hum_hz\":%.2f}%n",
                    p[0], ms, seconds, seconds * 1000 / ms, o.findings().estimatedSnrDb(), o.findings().noiseType(),
                    o.findings().humHz());
        }
    }
}
