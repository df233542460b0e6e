package org.audiomesh.analysis.noise;

import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

/**
 * A validated noise classifier, ready to use: its manifest, feature scaler and Tribuo model.
 * Immutable and thread-safe (Tribuo models predict concurrently), so one instance serves every
 * analysis until a better one replaces it.
 *
 * @param manifest what the model is
 * @param scaler   standardisation of the features
 * @param model    the ensemble of trees
 * @param source   where it was loaded from: {@code shipped} or the model folder
 * @param loadedAt ISO-8601 instant it was loaded
 */
public record NoiseModel(NoiseModelManifest manifest, FeatureScaler scaler, Model<Label> model, String source,
        String loadedAt) {

    /** Class names, in the order of {@link #probabilities(float[])}. */
    public List<String> classes() {
        return manifest.classes();
    }

    /**
     * Class probabilities of one window (the share of trees voting for each class).
     *
     * @param features {@code float[NoiseFeatures.size()]}
     * @return {@code double[classes().size()]}, summing to 1
     */
    public double[] probabilities(float[] features) {
        String[] names = manifest.features().toArray(String[]::new);
        double[] scaled = new double[names.length];
        scaler.apply(features, scaled);
        Prediction<Label> prediction = model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, scaled));
        Map<String, Label> scores = prediction.getOutputScores();
        List<String> classes = classes();
        double[] p = new double[classes.size()];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            Label l = scores.get(classes.get(i));
            p[i] = l == null || !Double.isFinite(l.getScore()) ? 0.0 : Math.max(0.0, l.getScore());
            sum += p[i];
        }
        if (sum <= 0) {
            p[classes.indexOf(prediction.getOutput().getLabel())] = 1.0;
            return p;
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Index of the most probable class of one window. */
    public int predict(float[] features) {
        return argmax(probabilities(features));
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
