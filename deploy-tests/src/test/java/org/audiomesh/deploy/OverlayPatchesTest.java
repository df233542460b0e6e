package org.audiomesh.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads the kustomizations themselves (without kustomize): every file they name exists, every
 * YAML file in deploy/k8s and deploy/monitoring is used, and every strategic-merge patch of an
 * overlay targets a resource (same apiVersion, kind and name) that its bases define. kustomize 2
 * silently turns a patch of a misspelt name into nothing in some cases; this catches it.
 */
class OverlayPatchesTest {
    record Id(String apiVersion, String kind, String name) {
        static Id of(JsonNode r) {
            return new Id(r.path("apiVersion").asText(), r.path("kind").asText(), r.path("metadata").path("name").asText());
        }
    }

    @Test
    void everyOverlayPatchTargetsAResourceOfItsBases() {
        List<String> problems = new ArrayList<>();
        for (String overlay : List.of("overlays/dev", "overlays/prod", "overlays/gpu")) {
            Path dir = Repo.K8S.resolve(overlay);
            JsonNode k = Repo.yaml(dir.resolve("kustomization.yaml"));
            Set<Id> defined = new HashSet<>();
            for (JsonNode base : k.path("bases")) {
                defined.addAll(resources(dir.resolve(base.asText()).normalize(), new HashSet<>()));
            }
            for (JsonNode base : k.path("resources")) {
                defined.addAll(resources(dir.resolve(base.asText()).normalize(), new HashSet<>()));
            }
            assertTrue(k.path("patchesStrategicMerge").size() > 0, overlay + " has patches");
            for (JsonNode patch : k.path("patchesStrategicMerge")) {
                for (JsonNode doc : Repo.documents(dir.resolve(patch.asText()))) {
                    Id id = Id.of(doc);
                    if (!defined.contains(id)) {
                        problems.add(overlay + "/" + patch.asText() + " patches " + id + ", which its bases do not define");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyManifestFileIsPartOfAKustomization() throws IOException {
        Set<Path> used = new HashSet<>();
        for (Path k : kustomizations()) {
            JsonNode doc = Repo.yaml(k);
            used.add(k);
            for (String field : List.of("resources", "bases", "patchesStrategicMerge")) {
                for (JsonNode f : doc.path(field)) {
                    Path p = k.getParent().resolve(f.asText()).normalize();
                    assertTrue(Files.exists(p), k + " names " + f.asText() + ", which does not exist");
                    used.add(p);
                }
            }
            for (JsonNode gen : doc.path("configMapGenerator")) {
                for (JsonNode f : gen.path("files")) {
                    Path p = k.getParent().resolve(f.asText()).normalize();
                    assertTrue(Files.isRegularFile(p), k + " names " + f.asText() + ", which does not exist");
                    used.add(p);
                }
            }
        }
        try (Stream<Path> files = Files.walk(Repo.K8S)) {
            List<Path> unused = files.filter(p -> p.toString().endsWith(".yaml")).filter(p -> !used.contains(p.normalize())).toList();
            assertEquals(List.of(), unused, "manifests no kustomization applies");
        }
    }

    private static List<Path> kustomizations() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path root : List.of(Repo.K8S, Repo.MONITORING)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).forEach(out::add);
            }
        }
        return out;
    }

    /** Resources a file or a kustomization folder defines (generated ConfigMaps included). */
    private static Set<Id> resources(Path path, Set<Path> seen) {
        Set<Id> ids = new HashSet<>();
        if (!seen.add(path)) {
            return ids;
        }
        if (Files.isDirectory(path)) {
            JsonNode k = Repo.yaml(path.resolve("kustomization.yaml"));
            for (String field : List.of("bases", "resources")) {
                for (JsonNode r : k.path(field)) {
                    ids.addAll(resources(path.resolve(r.asText()).normalize(), seen));
                }
            }
            for (JsonNode gen : k.path("configMapGenerator")) {
                ids.add(new Id("v1", "ConfigMap", gen.path("name").asText()));
            }
        } else {
            Repo.documents(path).forEach(d -> ids.add(Id.of(d)));
        }
        return ids;
    }
}
