package org.audiomesh.deploy;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code kubectl kustomize DIR}: the real kustomize build of a folder. Debian's
 * {@code kubernetes-client} (kubectl 1.20, kustomize 2.0.3) is enough; newer kubectl builds work too.
 */
final class Kustomize {
    private Kustomize() {
    }

    record Output(List<JsonNode> resources) {
        Optional<JsonNode> find(String kind, String name) {
            return resources.stream().filter(r -> kind.equals(r.path("kind").asText())
                    && name.equals(r.path("metadata").path("name").asText())).findFirst();
        }

        JsonNode get(String kind, String name) {
            return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name));
        }

        List<JsonNode> ofKind(String kind) {
            return resources.stream().filter(r -> kind.equals(r.path("kind").asText())).toList();
        }
    }

    private static final Map<Path, Output> BUILT = new ConcurrentHashMap<>();

    /** The build of {@code dir}, once per test run. */
    static Output build(Path dir) {
        return BUILT.computeIfAbsent(dir.normalize(), Kustomize::run);
    }

    private static Output run(Path dir) {
        Process p;
        try {
            p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            return fail("kubectl is not installed: the manifests are built with `kubectl kustomize`. Install the "
                    + "Debian package kubernetes-client (apt-get install kubernetes-client) or any kubectl >= 1.20");
        }
        try {
            var err = p.getErrorStream();
            byte[] out = p.getInputStream().readAllBytes();
            String errors = new String(err.readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return fail("kubectl kustomize " + dir + " timed out");
            }
            if (p.exitValue() != 0) {
                return fail("kubectl kustomize " + Repo.ROOT.relativize(dir) + " failed:\n" + errors);
            }
            return new Output(Repo.documents(new String(out, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return fail(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(e);
        }
    }
}
