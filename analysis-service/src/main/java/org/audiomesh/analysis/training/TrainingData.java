package org.audiomesh.analysis.training;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.audiomesh.analysis.noise.NoiseModelException;
import org.audiomesh.common.audio.ContainerFormat;

/**
 * A folder of labelled clips for the noise classifier: one sub-folder per class (its name is the
 * class: lower case letters, digits, {@code -} and {@code _}), audio files inside (any depth; hidden
 * files are skipped). Scanning checks what can be checked without decoding: the folder exists,
 * every file is non-empty audio by its magic number, at least two classes, and every class has at
 * least the minimum number of clips.
 *
 * @param root  the data folder
 * @param clips files of each class, sorted by path; classes sorted by name
 */
public record TrainingData(Path root, Map<String, List<Path>> clips) {

    private static final Pattern CLASS_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

    /**
     * @param minClips least clips per class, at least 2 (one is held out for the accuracy)
     * @throws NoiseModelException {@code TRAINING_DATA_NOT_FOUND}, {@code UNREADABLE_TRAINING_FILES}
     *                             (with the files), {@code TOO_FEW_CLASSES},
     *                             {@code TOO_LITTLE_TRAINING_DATA} (with the classes and their counts)
     */
    public static TrainingData scan(Path root, int minClips) {
        if (root == null || !Files.isDirectory(root)) {
            throw new NoiseModelException(NoiseModelException.TRAINING_DATA_NOT_FOUND, 422,
                    "no training data folder at " + root + " (expected one sub-folder per class)");
        }
        Map<String, List<Path>> clips = new TreeMap<>();
        List<String> unreadable = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            for (Path dir : children.sorted().toList()) {
                String name = dir.getFileName().toString();
                if (!Files.isDirectory(dir) || name.startsWith(".")) {
                    continue;
                }
                if (!CLASS_NAME.matcher(name).matches()) {
                    throw new NoiseModelException(NoiseModelException.INVALID_CLASS_NAME, 422, "class folder '" + name
                            + "' is not a valid class name (lower case letters, digits, - and _)");
                }
                List<Path> files = new ArrayList<>();
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                        if (f.getFileName().toString().startsWith(".")) {
                            continue;
                        }
                        if (readable(f)) {
                            files.add(f);
                        } else {
                            unreadable.add(root.relativize(f).toString());
                        }
                    }
                }
                clips.put(name, List.copyOf(files));
            }
        } catch (IOException e) {
            throw new NoiseModelException(NoiseModelException.TRAINING_DATA_NOT_FOUND, 422,
                    "cannot list the training data in " + root + ": " + e.getMessage());
        }
        if (!unreadable.isEmpty()) {
            throw unreadable(unreadable, null);
        }
        if (clips.size() < 2) {
            throw new NoiseModelException(NoiseModelException.TOO_FEW_CLASSES, 422, "found " + clips.size()
                    + " class folder(s) in " + root + "; a classifier needs at least two");
        }
        Map<String, Integer> short_ = new LinkedHashMap<>();
        clips.forEach((c, files) -> {
            if (files.size() < minClips) {
                short_.put(c, files.size());
            }
        });
        if (!short_.isEmpty()) {
            throw new NoiseModelException(NoiseModelException.TOO_LITTLE_TRAINING_DATA, 422,
                    "every class needs at least " + minClips + " clips; too few in " + short_, List.of(), short_,
                    null);
        }
        return new TrainingData(root, clips);
    }

    /** The error for files that cannot be decoded, listed relative to the data folder. */
    public static NoiseModelException unreadable(List<String> files, Throwable cause) {
        return new NoiseModelException(NoiseModelException.UNREADABLE_TRAINING_FILES, 422, files.size()
                + " training file(s) cannot be read as audio: " + String.join(", ", files.subList(0,
                Math.min(20, files.size()))) + (files.size() > 20 ? ", ..." : ""), files, Map.of(), cause);
    }

    /** Class names, sorted. */
    public List<String> classes() {
        return List.copyOf(clips.keySet());
    }

    /** Name of a file relative to the data folder. */
    public String relative(Path file) {
        return root.relativize(file).toString();
    }

    /** SHA-256 over every clip's relative path and contents, in order: identifies the data set. */
    public String sha256() throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        for (List<Path> files : clips.values()) {
            for (Path f : files) {
                digest.update(relative(f).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                try (InputStream in = new DigestInputStream(Files.newInputStream(f), digest)) {
                    while (in.read(buffer) >= 0) {
                        // the digest stream hashes as it reads
                    }
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static boolean readable(Path f) {
        try {
            return Files.size(f) > 0 && ContainerFormat.sniff(f) != ContainerFormat.UNKNOWN;
        } catch (IOException e) {
            return false;
        }
    }
}
