package org.audiomesh.analysis.training;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.audiomesh.analysis.noise.FeatureScaler;
import org.audiomesh.analysis.noise.NoiseModelException;
import org.audiomesh.analysis.noise.NoiseModelManifest;
import org.audiomesh.analysis.noise.NoiseWindow;
import org.audiomesh.analysis.noise.NoiseWindowCollector;
import org.audiomesh.analysis.noise.NoiseWindowReader;
import org.audiomesh.common.dsp.NoiseFeatures;
import org.audiomesh.common.error.ProcessingException;
import org.audiomesh.common.worker.ProgressListener;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.ExtraTreesTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains the noise classifier: measures the {@link NoiseFeatures} of every one-second window of
 * every clip, holds out a share of each class's clips (whole clips, so that windows of one
 * recording never sit on both sides), standardises the features, grows an ensemble of extremely
 * randomised CART trees (Tribuo's {@link ExtraTreesTrainer}, voting) on the rest, and measures
 * the accuracy and confusion matrix on the held-out windows. Stateless; thread-safe.
 */
public final class NoiseTrainer {

    /**
     * @param heldOutFraction share of each class's clips held out (at least one clip), 0..0.9
     * @param seed            seed of the split and of the trees
     * @param trees           trees in the ensemble
     * @param maxDepth        deepest split of a tree
     */
    public record Settings(double heldOutFraction, long seed, int trees, int maxDepth) {
        public static final Settings DEFAULTS = new Settings(0.2, 42L, 40, 14);

        public Settings {
            if (!(heldOutFraction > 0 && heldOutFraction <= 0.9) || trees < 1 || maxDepth < 1) {
                throw new IllegalArgumentException("invalid training settings: " + heldOutFraction + ", "
                        + trees + " trees, depth " + maxDepth);
            }
        }
    }

    /**
     * What a training run produced.
     *
     * @param manifest the model's manifest, without file checksums yet (the store adds them)
     * @param model    the trained ensemble
     * @param scaler   the feature standardisation
     * @param heldOut  the held-out windows, for comparing this model with the one in service
     */
    public record Outcome(NoiseModelManifest manifest, Model<Label> model, FeatureScaler scaler,
            List<LabelledWindow> heldOut) {
    }

    private static final double FEATURE_SHARE = 0.85;

    /**
     * @param progress fraction done, 0..1 (feature extraction is most of it)
     * @throws NoiseModelException {@code UNREADABLE_TRAINING_FILES} when clips fail to decode (all
     *                             of them listed), {@code TOO_LITTLE_TRAINING_DATA} when a class
     *                             keeps fewer than two clips of at least half a second
     */
    public Outcome train(TrainingData data, Settings settings, ProgressListener progress) throws IOException {
        List<String> classes = data.classes();
        int total = data.clips().values().stream().mapToInt(List::size).sum();
        Map<String, List<List<NoiseWindow>>> byClass = new LinkedHashMap<>();
        List<String> unreadable = new ArrayList<>();
        Throwable firstFailure = null;
        int done = 0;
        for (String c : classes) {
            List<List<NoiseWindow>> clips = new ArrayList<>();
            for (Path f : data.clips().get(c)) {
                try {
                    List<NoiseWindow> w = NoiseWindowReader.read(f);
                    if (!w.isEmpty()) {
                        clips.add(w);
                    }
                } catch (IOException | ProcessingException e) {
                    unreadable.add(data.relative(f));
                    firstFailure = firstFailure == null ? e : firstFailure;
                }
                progress.progress(FEATURE_SHARE * ++done / total);
            }
            byClass.put(c, clips);
        }
        if (!unreadable.isEmpty()) {
            throw TrainingData.unreadable(unreadable, firstFailure);
        }
        Map<String, Integer> tooShort = new LinkedHashMap<>();
        byClass.forEach((c, clips) -> {
            if (clips.size() < 2) {
                tooShort.put(c, clips.size());
            }
        });
        if (!tooShort.isEmpty()) {
            throw new NoiseModelException(NoiseModelException.TOO_LITTLE_TRAINING_DATA, 422,
                    "every class needs at least two clips of " + NoiseWindowCollector.WINDOW_SECONDS / 2
                            + " s or more; too few in " + tooShort, List.of(), tooShort, null);
        }
        // split whole clips
        Random random = new Random(settings.seed());
        List<LabelledWindow> train = new ArrayList<>();
        List<LabelledWindow> heldOut = new ArrayList<>();
        Map<String, Integer> clipCounts = new LinkedHashMap<>();
        Map<String, Integer> windowCounts = new LinkedHashMap<>();
        Map<String, Integer> heldOutCounts = new LinkedHashMap<>();
        for (String c : classes) {
            List<List<NoiseWindow>> clips = new ArrayList<>(byClass.get(c));
            Collections.shuffle(clips, random);
            int held = Math.max(1, (int) Math.round(settings.heldOutFraction() * clips.size()));
            held = Math.min(held, clips.size() - 1);
            int windows = 0;
            for (int i = 0; i < clips.size(); i++) {
                for (NoiseWindow w : clips.get(i)) {
                    (i < held ? heldOut : train).add(new LabelledWindow(c, w.features()));
                    windows++;
                }
            }
            clipCounts.put(c, clips.size());
            windowCounts.put(c, windows);
            heldOutCounts.put(c, held);
        }
        FeatureScaler scaler = FeatureScaler.fit(NoiseFeatures.NAMES,
                train.stream().map(LabelledWindow::features).toList());
        Model<Label> model = fit(train, scaler, settings);
        progress.progress(0.95);
        int[][] confusion = new int[classes.size()][classes.size()];
        int right = 0;
        for (LabelledWindow w : heldOut) {
            Prediction<Label> p = model.predict(example(new Label(w.label()), w.features(), scaler));
            int truth = classes.indexOf(w.label());
            int predicted = classes.indexOf(p.getOutput().getLabel());
            confusion[truth][predicted]++;
            right += truth == predicted ? 1 : 0;
        }
        double accuracy = heldOut.isEmpty() ? 0.0 : (double) right / heldOut.size();
        NoiseModelManifest manifest = new NoiseModelManifest(NoiseModelManifest.NAME,
                UUID.randomUUID().toString(), Instant.now().toString(), NoiseFeatures.VERSION, NoiseFeatures.NAMES,
                classes, algorithm(settings), NoiseWindowCollector.WINDOW_SECONDS,
                Math.round(accuracy * 10000) / 10000.0, confusion,
                new NoiseModelManifest.Training(clipCounts, windowCounts, heldOutCounts, settings.heldOutFraction(),
                        settings.seed()),
                data.sha256(), null, null, null, null);
        progress.progress(1.0);
        return new Outcome(manifest, model, scaler, List.copyOf(heldOut));
    }

    /** Grows the ensemble on standardised windows. */
    static Model<Label> fit(List<LabelledWindow> train, FeatureScaler scaler, Settings settings) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance(
                "noise-classifier training windows", OffsetDateTime.now(), factory), factory);
        for (LabelledWindow w : train) {
            dataset.add(example(new Label(w.label()), w.features(), scaler));
        }
        CARTClassificationTrainer tree = new CARTClassificationTrainer(settings.maxDepth(), 2f, 0f, 0.3f, true,
                new GiniIndex(), settings.seed());
        ExtraTreesTrainer<Label> trainer = new ExtraTreesTrainer<>(tree, new VotingCombiner(), settings.trees(),
                settings.seed());
        return trainer.train(dataset);
    }

    static ArrayExample<Label> example(Label label, float[] features, FeatureScaler scaler) {
        double[] scaled = new double[features.length];
        scaler.apply(features, scaled);
        return new ArrayExample<>(label, NoiseFeatures.NAMES.toArray(String[]::new), scaled);
    }

    static String algorithm(Settings s) {
        return "extra-trees: Tribuo " + org.tribuo.Tribuo.VERSION + " ExtraTreesTrainer, " + s.trees()
                + " CART trees (Gini, random split points, 30 % of the features per split, max depth "
                + s.maxDepth() + "), majority vote";
    }
}
