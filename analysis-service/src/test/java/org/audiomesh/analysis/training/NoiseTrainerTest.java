package org.audiomesh.analysis.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.audiomesh.analysis.noise.NoiseModel;
import org.audiomesh.analysis.noise.NoiseModelException;
import org.audiomesh.analysis.noise.NoiseModelRegistry;
import org.audiomesh.analysis.noise.NoiseModelStore;
import org.audiomesh.analysis.noise.TinyTrainingSet;
import org.audiomesh.common.worker.ProgressListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on a tiny generated set, the training-data checks, and the gate before a model is used. */
class NoiseTrainerTest {

    static final NoiseTrainer.Settings SMALL = new NoiseTrainer.Settings(0.25, 7L, 10, 8);
    @TempDir
    static Path tmp;
    static Path data;
    static NoiseTrainer.Outcome outcome;
    static Path modelDir;
    final NoiseModelStore store = new NoiseModelStore();

    @BeforeAll
    static void trainOnce() throws IOException {
        data = TinyTrainingSet.write(tmp.resolve("data"), 11L);
        outcome = new NoiseTrainer().train(TrainingData.scan(data, 4), SMALL, ProgressListener.NONE);
        modelDir = tmp.resolve("models/first");
        new NoiseModelStore().write(modelDir, outcome.model(), outcome.scaler(), outcome.manifest());
    }

    @Test
    void aTinyGeneratedSetTrainsAModelThatTellsItsClassesApart() throws IOException {
        assertEquals(TinyTrainingSet.CLASSES, outcome.manifest().classes());
        assertTrue(outcome.manifest().accuracy() >= 0.9, "held-out accuracy " + outcome.manifest().accuracy());
        assertEquals(4, outcome.manifest().confusion().length);
        assertEquals(64, outcome.manifest().dataSha256().length());
        NoiseModel loaded = store.load(modelDir);
        assertEquals(outcome.manifest().id(), loaded.manifest().id());
        assertTrue(Files.exists(modelDir.resolve(NoiseModelStore.MODEL)));
        assertTrue(Files.exists(modelDir.resolve(NoiseModelStore.SCALER)));
    }

    @Test
    void missingFolderTooFewClipsAndUnreadableFilesAreRefusedWithStableCodes() throws IOException {
        NoiseModelException missing = assertThrows(NoiseModelException.class,
                () -> TrainingData.scan(tmp.resolve("nowhere"), 2));
        assertEquals(NoiseModelException.TRAINING_DATA_NOT_FOUND, missing.code());
        NoiseModelException few = assertThrows(NoiseModelException.class, () -> TrainingData.scan(data, 6));
        assertEquals(NoiseModelException.TOO_LITTLE_TRAINING_DATA, few.code());
        assertEquals(5, few.classes().get("white"));
        Path bad = tmp.resolve("bad");
        Files.createDirectories(bad.resolve("white"));
        Files.createDirectories(bad.resolve("hum"));
        Files.writeString(bad.resolve("white/notes.txt"), "not audio");
        Files.write(bad.resolve("hum/empty.wav"), new byte[0]);
        NoiseModelException unreadable = assertThrows(NoiseModelException.class, () -> TrainingData.scan(bad, 1));
        assertEquals(NoiseModelException.UNREADABLE_TRAINING_FILES, unreadable.code());
        assertEquals(List.of("hum/empty.wav", "white/notes.txt"), unreadable.files());
        assertEquals(422, unreadable.status());
    }

    @Test
    void theGateRefusesAnIncompatibleOrTruncatedModelAndKeepsTheOldOne() throws IOException {
        NoiseModel first = store.load(modelDir);
        NoiseModelRegistry registry = new NoiseModelRegistry(first, store, tmp.resolve("models"), 0.0);
        // wrong feature-extractor version
        Path incompatible = copy(modelDir, tmp.resolve("models/incompatible"));
        Path manifest = incompatible.resolve(NoiseModelStore.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest)
                .replaceFirst("\"feature_extractor_version\" : \\d+", "\"feature_extractor_version\" : 999"));
        NoiseModelException e1 = assertThrows(NoiseModelException.class,
                () -> registry.promote(incompatible, outcome.heldOut()));
        assertEquals(NoiseModelException.MODEL_INCOMPATIBLE, e1.code());
        assertSame(first, registry.current());
        // truncated model file
        Path truncated = copy(modelDir, tmp.resolve("models/truncated"));
        try (RandomAccessFile f = new RandomAccessFile(truncated.resolve(NoiseModelStore.MODEL).toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        NoiseModelException e2 = assertThrows(NoiseModelException.class,
                () -> registry.promote(truncated, outcome.heldOut()));
        assertEquals(NoiseModelException.MODEL_CORRUPT, e2.code());
        assertSame(first, registry.current());
        // no manifest at all
        Path empty = Files.createDirectories(tmp.resolve("models/empty"));
        assertEquals(NoiseModelException.MODEL_INVALID, assertThrows(NoiseModelException.class,
                () -> registry.promote(empty, outcome.heldOut())).code());
        assertSame(first, registry.current());
    }

    @Test
    void theGateSwapsInAModelNoWorseAndRefusesAWorseOne() throws IOException {
        NoiseModel first = store.load(modelDir);
        Path models = tmp.resolve("swap");
        NoiseModelRegistry registry = new NoiseModelRegistry(first, store, models, 0.0);
        // the same data, another seed: as good on the held-out windows, so it goes into service
        NoiseTrainer.Outcome again = new NoiseTrainer().train(TrainingData.scan(data, 4),
                new NoiseTrainer.Settings(0.25, 7L, 10, 8), ProgressListener.NONE);
        Path second = models.resolve("second");
        store.write(second, again.model(), again.scaler(), again.manifest());
        NoiseModelRegistry.Promotion p = registry.promote(second, again.heldOut());
        assertNotSame(first, registry.current());
        assertEquals(again.manifest().id(), registry.current().manifest().id());
        assertEquals("second", Files.readString(models.resolve(NoiseModelRegistry.POINTER)).trim());
        assertTrue(p.accuracy() >= p.previousAccuracy());
        // a model trained with the labels shuffled is worse: refused, the second stays
        Path shuffled = TinyTrainingSet.writeMislabelled(tmp.resolve("mislabelled"), 12L);
        NoiseTrainer.Outcome worse = new NoiseTrainer().train(TrainingData.scan(shuffled, 4), SMALL,
                ProgressListener.NONE);
        Path third = models.resolve("third");
        store.write(third, worse.model(), worse.scaler(), worse.manifest());
        NoiseModelException e = assertThrows(NoiseModelException.class, () -> registry.promote(third, again.heldOut()));
        assertEquals(NoiseModelException.MODEL_NOT_BETTER, e.code());
        assertEquals(again.manifest().id(), registry.current().manifest().id());
        // and a restart finds the promoted one through the pointer
        assertEquals(again.manifest().id(), NoiseModelRegistry.start(store, models, 0.0).current().manifest().id());
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String name : new String[] {NoiseModelStore.MANIFEST, NoiseModelStore.MODEL, NoiseModelStore.SCALER}) {
            Files.copy(from.resolve(name), to.resolve(name));
        }
        return to;
    }
}
