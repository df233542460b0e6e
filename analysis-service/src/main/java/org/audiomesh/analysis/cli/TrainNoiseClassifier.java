package org.audiomesh.analysis.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.audiomesh.analysis.noise.BackgroundNoiseClassifier;
import org.audiomesh.analysis.noise.NoiseModel;
import org.audiomesh.analysis.noise.NoiseModelException;
import org.audiomesh.analysis.noise.NoiseModelManifest;
import org.audiomesh.analysis.noise.NoiseModelStore;
import org.audiomesh.analysis.noise.NoiseResult;
import org.audiomesh.analysis.noise.NoiseWindow;
import org.audiomesh.analysis.noise.NoiseWindowReader;
import org.audiomesh.analysis.training.NoiseTrainer;
import org.audiomesh.analysis.training.TrainingData;

/**
 * Trains the noise classifier from a folder of labelled clips, or evaluates a model on one, without
 * Kafka or Quarkus ({@code ./audiomesh train-noise-classifier} runs it):
 *
 * <pre>
 * TrainNoiseClassifier --data DIR [--out DIR] [--min-clips N] [--held-out F] [--seed S] [--trees N] [--max-depth D]
 * TrainNoiseClassifier --evaluate DIR [--model DIR]     (default: the shipped model)
 * </pre>
 *
 * Training writes {@code manifest.json}, {@code model.tribuo.gz} and {@code scaler.json} to
 * {@code --out} (default {@code noise-classifier-model}) and prints the held-out accuracy and
 * confusion matrix. Evaluation classifies every clip of DIR (one sub-folder per class) as the
 * analysis does (background class from the quietest windows) and prints the clip accuracy, the
 * accuracy on clips whose name contains {@code under-speech}, the window accuracy and the clip
 * confusion matrix as Markdown. Exit status 2 for bad arguments or data, with the error code.
 */
public final class TrainNoiseClassifier {

    private TrainNoiseClassifier() {
    }

    public static void main(String[] args) throws IOException {
        java.util.logging.Logger tribuo = java.util.logging.Logger.getLogger("org.tribuo");
        tribuo.setLevel(java.util.logging.Level.WARNING); // not one line per tree
        Path data = null;
        Path evaluate = null;
        Path out = Path.of("noise-classifier-model");
        Path model = null;
        int minClips = 5;
        NoiseTrainer.Settings d = NoiseTrainer.Settings.DEFAULTS;
        double heldOut = d.heldOutFraction();
        long seed = d.seed();
        int trees = d.trees();
        int depth = d.maxDepth();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--data" -> data = Path.of(args[++i]);
                    case "--evaluate" -> evaluate = Path.of(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    case "--model" -> model = Path.of(args[++i]);
                    case "--min-clips" -> minClips = Integer.parseInt(args[++i]);
                    case "--held-out" -> heldOut = Double.parseDouble(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--trees" -> trees = Integer.parseInt(args[++i]);
                    case "--max-depth" -> depth = Integer.parseInt(args[++i]);
                    case "-h", "--help" -> {
                        usage(System.out);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if ((data == null) == (evaluate == null)) {
                throw new IllegalArgumentException("give --data DIR (train) or --evaluate DIR");
            }
        } catch (RuntimeException e) {
            System.err.println("train-noise-classifier: " + e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        try {
            if (data != null) {
                train(data, out, Math.max(2, minClips), new NoiseTrainer.Settings(heldOut, seed, trees, depth));
            } else {
                NoiseModelStore store = new NoiseModelStore();
                evaluate(evaluate, model == null ? store.loadShipped() : store.load(model));
            }
        } catch (NoiseModelException e) {
            System.err.println("train-noise-classifier: " + e.code() + ": " + e.getMessage());
            System.exit(2);
        }
    }

    private static void train(Path data, Path out, int minClips, NoiseTrainer.Settings settings) throws IOException {
        long start = System.nanoTime();
        TrainingData scanned = TrainingData.scan(data, minClips);
        int[] last = {-1};
        NoiseTrainer.Outcome outcome = new NoiseTrainer().train(scanned, settings, f -> {
            int pct = (int) (f * 100);
            if (pct / 10 != last[0]) {
                last[0] = pct / 10;
                System.err.printf("  %d %%%n", pct);
            }
        });
        NoiseModelManifest m = new NoiseModelStore().write(out, outcome.model(), outcome.scaler(), outcome.manifest());
        new NoiseModelStore().load(out); // the gate's own checks, so a broken write fails here
        System.out.printf(Locale.ROOT, "trained %s on %s windows of %s clips in %.1f s; wrote %s%n", m.id(),
                m.training().windows().values().stream().mapToInt(Integer::intValue).sum(),
                m.training().clips().values().stream().mapToInt(Integer::intValue).sum(),
                (System.nanoTime() - start) / 1e9, out);
        System.out.printf(Locale.ROOT, "held-out window accuracy %.4f (%d windows of %d held-out clips)%n",
                m.accuracy(), outcome.heldOut().size(),
                m.training().heldOutClips().values().stream().mapToInt(Integer::intValue).sum());
        printConfusion(System.out, m.classes(), m.confusion());
    }

    private static void evaluate(Path dir, NoiseModel model) throws IOException {
        TrainingData scanned = TrainingData.scan(dir, 1);
        List<String> classes = new ArrayList<>(model.classes());
        for (String c : scanned.classes()) {
            if (!classes.contains(c)) {
                classes.add(c);
            }
        }
        classes.add(BackgroundNoiseClassifier.UNKNOWN);
        int[][] confusion = new int[classes.size()][classes.size()];
        BackgroundNoiseClassifier background = new BackgroundNoiseClassifier(0.25);
        int clips = 0;
        int right = 0;
        int under = 0;
        int underRight = 0;
        int windows = 0;
        int windowsRight = 0;
        long featureNanos = 0;
        double seconds = 0;
        for (String truth : scanned.classes()) {
            for (Path f : scanned.clips().get(truth)) {
                long t0 = System.nanoTime();
                List<NoiseWindow> w = NoiseWindowReader.read(f);
                featureNanos += System.nanoTime() - t0;
                NoiseResult r = background.classify(model, w);
                boolean ok = r.noiseClass().equals(truth);
                confusion[classes.indexOf(truth)][classes.indexOf(r.noiseClass())]++;
                clips++;
                right += ok ? 1 : 0;
                if (f.getFileName().toString().contains("under-speech")) {
                    under++;
                    underRight += ok ? 1 : 0;
                }
                for (NoiseWindow x : w) {
                    windows++;
                    windowsRight += model.classes().get(model.predict(x.features())).equals(truth) ? 1 : 0;
                    seconds += x.end() - x.start();
                }
            }
        }
        System.out.printf(Locale.ROOT, "model %s (%s) on %s%n", model.manifest().id(), model.source(), dir);
        System.out.printf(Locale.ROOT, "clip accuracy (background class) %.4f (%d/%d)%n", (double) right / clips,
                right, clips);
        if (under > 0) {
            System.out.printf(Locale.ROOT, "  of which noise under speech %.4f (%d/%d)%n", (double) underRight / under,
                    underRight, under);
        }
        System.out.printf(Locale.ROOT, "window accuracy %.4f (%d/%d)%n", (double) windowsRight / windows,
                windowsRight, windows);
        System.out.printf(Locale.ROOT, "decode + features: %.1f ms per minute of audio%n",
                featureNanos / 1e6 / (seconds / 60));
        printConfusion(System.out, classes, confusion);
    }

    private static void printConfusion(PrintStream out, List<String> classes, int[][] confusion) {
        StringBuilder head = new StringBuilder("| true \\ predicted |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String c : classes) {
            head.append(' ').append(c).append(" |");
            rule.append("---|");
        }
        out.println(head);
        out.println(rule);
        for (int i = 0; i < classes.size(); i++) {
            int sum = 0;
            for (int v : confusion[i]) {
                sum += v;
            }
            if (sum == 0) {
                continue;
            }
            StringBuilder row = new StringBuilder("| " + classes.get(i) + " |");
            for (int v : confusion[i]) {
                row.append(' ').append(v).append(" |");
            }
            out.println(row);
        }
    }

    private static void usage(PrintStream to) {
        to.println("usage: TrainNoiseClassifier --data DIR [--out DIR] [--min-clips N] [--held-out F] [--seed S] "
                + "[--trees N] [--max-depth D]");
        to.println("       TrainNoiseClassifier --evaluate DIR [--model DIR]");
    }
}
