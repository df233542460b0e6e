package org.audiomesh.analysis.noise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names the background noise of a recording from its one-second windows: every window is
 * classified; the background is the mean class probability over the windows with the lowest
 * noise floor (the quietest {@code backgroundShare} of them, at least one), where foreground
 * speech or music is least likely to cover it; consecutive windows of the same class become
 * events. Stateless and thread-safe.
 */
public final class BackgroundNoiseClassifier {

    /** Class of audio too short for one window. */
    public static final String UNKNOWN = "unknown";

    private final double backgroundShare;

    /** @param backgroundShare share of the windows, the quietest, that decide the background class, (0, 1] */
    public BackgroundNoiseClassifier(double backgroundShare) {
        if (!(backgroundShare > 0 && backgroundShare <= 1)) {
            throw new IllegalArgumentException("background share must be in (0, 1]: " + backgroundShare);
        }
        this.backgroundShare = backgroundShare;
    }

    public NoiseResult classify(NoiseModel model, List<NoiseWindow> windows) {
        List<String> classes = model.classes();
        String id = model.manifest().id();
        if (windows.isEmpty()) {
            Map<String, Double> none = new LinkedHashMap<>();
            classes.forEach(c -> none.put(c, 0.0));
            return new NoiseResult(UNKNOWN, 0.0, none, List.of(), id);
        }
        double[][] p = new double[windows.size()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = model.probabilities(windows.get(i).features());
        }
        Integer[] byFloor = new Integer[windows.size()];
        for (int i = 0; i < byFloor.length; i++) {
            byFloor[i] = i;
        }
        Arrays.sort(byFloor, Comparator.comparingDouble(i -> windows.get(i).floorDb()));
        int quiet = Math.max(1, (int) Math.ceil(backgroundShare * windows.size()));
        double[] mean = new double[classes.size()];
        for (int q = 0; q < quiet; q++) {
            double[] pi = p[byFloor[q]];
            for (int c = 0; c < mean.length; c++) {
                mean[c] += pi[c] / quiet;
            }
        }
        int best = NoiseModel.argmax(mean);
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (int c = 0; c < mean.length; c++) {
            probabilities.put(classes.get(c), round(mean[c]));
        }
        return new NoiseResult(classes.get(best), round(mean[best]), probabilities, events(classes, windows, p), id);
    }

    private static List<NoiseEvent> events(List<String> classes, List<NoiseWindow> windows, double[][] p) {
        List<NoiseEvent> events = new ArrayList<>();
        int runStart = 0;
        int runClass = NoiseModel.argmax(p[0]);
        double confidence = 0;
        for (int i = 0; i <= windows.size(); i++) {
            int c = i < windows.size() ? NoiseModel.argmax(p[i]) : -1;
            if (i > 0 && c != runClass) {
                events.add(new NoiseEvent(round(windows.get(runStart).start()), round(windows.get(i - 1).end()),
                        classes.get(runClass), round(confidence / (i - runStart))));
                runStart = i;
                runClass = c;
                confidence = 0;
            }
            if (c >= 0) {
                confidence += p[i][c];
            }
        }
        return events;
    }

    private static double round(double x) {
        return Math.round(x * 1000.0) / 1000.0;
    }
}
