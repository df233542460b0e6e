package org.audiomesh.analysis.noise;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.audiomesh.common.dsp.NoiseFeatures;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * Writes a noise classifier's three files ({@code manifest.json}, {@code model.tribuo.gz}: the
 * Tribuo model's protobuf, gzipped, and {@code scaler.json}) and loads them back, checking on the way everything that can be checked
 * without data: the manifest parses and names this feature extractor's version and features,
 * both files match the manifest's SHA-256 (a truncated copy does not), the model deserialises,
 * predicts the manifest's classes, and gives finite probabilities. Anything else is a
 * {@link NoiseModelException} and the model is not used.
 */
public final class NoiseModelStore {

    public static final String MANIFEST = "manifest.json";
    public static final String MODEL = "model.tribuo.gz";
    public static final String SCALER = "scaler.json";
    /** Classpath folder of the model shipped with the service. */
    public static final String SHIPPED = "/models/noise-classifier/";

    /** Opens one of the model's files by name. */
    @FunctionalInterface
    public interface FileOpener {
        InputStream open(String name) throws IOException;
    }

    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Writes a model into {@code dir} (created if needed), each file atomically. */
    public NoiseModelManifest write(Path dir, Model<Label> model, FeatureScaler scaler, NoiseModelManifest manifest)
            throws IOException {
        Files.createDirectories(dir);
        ByteArrayOutputStream modelBytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(modelBytes)) {
            model.serializeToStream(gzip);
        }
        byte[] scalerBytes = mapper.writeValueAsBytes(scaler);
        NoiseModelManifest m = new NoiseModelManifest(manifest.name(), manifest.id(), manifest.createdAt(),
                manifest.featureExtractorVersion(), manifest.features(), manifest.classes(), manifest.algorithm(),
                manifest.windowSeconds(), manifest.accuracy(), manifest.confusion(), manifest.training(),
                manifest.dataSha256(), MODEL, sha256(modelBytes.toByteArray()), SCALER, sha256(scalerBytes));
        writeAtomically(dir.resolve(MODEL), modelBytes.toByteArray());
        writeAtomically(dir.resolve(SCALER), scalerBytes);
        writeAtomically(dir.resolve(MANIFEST), mapper.writeValueAsBytes(m));
        return m;
    }

    /** Loads and validates the model in a folder. */
    public NoiseModel load(Path dir) {
        return load(name -> Files.newInputStream(dir.resolve(name)), dir.toString());
    }

    /** Loads and validates the model shipped in the service's resources. */
    public NoiseModel loadShipped() {
        return load(name -> {
            InputStream in = NoiseModelStore.class.getResourceAsStream(SHIPPED + name);
            if (in == null) {
                throw new NoSuchFileException(SHIPPED + name);
            }
            return in;
        }, "shipped");
    }

    /** Loads and validates a model whose files {@code files} opens; {@code source} names it in messages. */
    public NoiseModel load(FileOpener files, String source) {
        NoiseModelManifest manifest;
        try (InputStream in = files.open(MANIFEST)) {
            manifest = mapper.readValue(in, NoiseModelManifest.class);
        } catch (IOException | RuntimeException e) {
            throw rejected(NoiseModelException.MODEL_INVALID, "no readable " + MANIFEST + " in " + source + ": "
                    + e.getMessage(), e);
        }
        if (manifest.featureExtractorVersion() != NoiseFeatures.VERSION
                || !NoiseFeatures.NAMES.equals(manifest.features())) {
            throw rejected(NoiseModelException.MODEL_INCOMPATIBLE, "model " + manifest.id() + " in " + source
                    + " was trained on feature extractor version " + manifest.featureExtractorVersion()
                    + "; this service measures version " + NoiseFeatures.VERSION + " (retrain it)", null);
        }
        if (manifest.classes() == null || manifest.classes().size() < 2
                || Set.copyOf(manifest.classes()).size() != manifest.classes().size()) {
            throw rejected(NoiseModelException.MODEL_INVALID, "the manifest in " + source
                    + " needs at least two distinct classes", null);
        }
        byte[] modelBytes = read(files, manifest.modelFile() == null ? MODEL : manifest.modelFile(), source);
        byte[] scalerBytes = read(files, manifest.scalerFile() == null ? SCALER : manifest.scalerFile(), source);
        if (!sha256(modelBytes).equals(manifest.modelSha256()) || !sha256(scalerBytes).equals(manifest.scalerSha256())) {
            throw rejected(NoiseModelException.MODEL_CORRUPT, "the model files in " + source
                    + " do not match the checksums of their manifest (truncated or altered)", null);
        }
        FeatureScaler scaler;
        Model<Label> model;
        try {
            scaler = mapper.readValue(scalerBytes, FeatureScaler.class);
            Model<?> raw;
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(modelBytes))) {
                raw = Model.deserializeFromStream(in);
            }
            if (!raw.validate(Label.class)) {
                throw new IllegalStateException("not a classification model");
            }
            @SuppressWarnings("unchecked")
            Model<Label> labels = (Model<Label>) raw;
            model = labels;
        } catch (IOException | RuntimeException e) {
            throw rejected(NoiseModelException.MODEL_CORRUPT, "the model in " + source + " does not load: "
                    + e.getMessage(), e);
        }
        if (!scaler.consistent() || !NoiseFeatures.NAMES.equals(scaler.features())) {
            throw rejected(NoiseModelException.MODEL_CORRUPT, "the feature scaler in " + source
                    + " does not match the features", null);
        }
        for (String c : manifest.classes()) {
            if (model.getOutputIDInfo().getID(new Label(c)) < 0) {
                throw rejected(NoiseModelException.MODEL_INCOMPATIBLE, "the model in " + source
                        + " cannot predict class '" + c + "' of its manifest", null);
            }
        }
        NoiseModel loaded = new NoiseModel(manifest, scaler, model, source, Instant.now().toString());
        try {
            double[] p = loaded.probabilities(new float[NoiseFeatures.size()]);
            for (double x : p) {
                if (!Double.isFinite(x)) {
                    throw new IllegalStateException("probability " + x);
                }
            }
        } catch (RuntimeException e) {
            throw rejected(NoiseModelException.MODEL_CORRUPT, "the model in " + source + " cannot predict: "
                    + e.getMessage(), e);
        }
        return loaded;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    private static byte[] read(FileOpener files, String name, String source) {
        try (InputStream in = files.open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw rejected(NoiseModelException.MODEL_CORRUPT, "cannot read " + name + " of " + source + ": "
                    + e.getMessage(), e);
        }
    }

    private static NoiseModelException rejected(String code, String message, Throwable cause) {
        return new NoiseModelException(code, 422, message, List.of(), java.util.Map.of(), cause);
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
