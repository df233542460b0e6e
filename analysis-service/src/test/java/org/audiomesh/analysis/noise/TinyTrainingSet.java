package org.audiomesh.analysis.noise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** A few seconds per class of generated noise, as a training folder (one sub-folder per class). */
public final class TinyTrainingSet {

    public static final List<String> CLASSES = List.of("brown", "hum", "silence", "white");
    static final int CLIPS = 5;
    static final double SECONDS = 3.0;

    private TinyTrainingSet() {
    }

    public static Path write(Path root, long seed) throws IOException {
        return write(root, seed, false);
    }

    /** The same kind of set with every clip filed under a random class: nothing to learn. */
    public static Path writeMislabelled(Path root, long seed) throws IOException {
        return write(root, seed, true);
    }

    private static Path write(Path root, long seed, boolean mislabel) throws IOException {
        Random rng = new Random(seed);
        int rate = 16000;
        int[] written = new int[CLASSES.size()];
        for (int c = 0; c < CLASSES.size(); c++) {
            for (int i = 0; i < CLIPS; i++) {
                float[] x = NoiseSignals.clip(CLASSES.get(c), rng, (int) (SECONDS * rate), rate);
                int label = c;
                if (mislabel) {
                    do {
                        label = rng.nextInt(CLASSES.size());
                    } while (written[label] >= CLIPS);
                }
                Path dir = Files.createDirectories(root.resolve(CLASSES.get(label)));
                NoiseSignals.write(dir.resolve(CLASSES.get(c) + "-" + i + ".wav"), x, rate);
                written[label]++;
            }
        }
        return root;
    }
}
