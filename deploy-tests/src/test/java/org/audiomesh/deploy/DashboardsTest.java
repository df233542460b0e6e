package org.audiomesh.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Grafana dashboards: valid JSON with unique uids and panel ids, every query on the
 * ${datasource} variable, provisioned by the provisioning file and shipped, unchanged, in the
 * ConfigMap that the Kubernetes base generates. (Whether their metrics exist is MonitoringMetricsIT's
 * job in integration-tests, against the running services.)
 */
class DashboardsTest {
    private static final Path DASHBOARDS = Repo.MONITORING.resolve("grafana/dashboards");

    @Test
    void dashboardsAreWellFormedAndQueryThePrometheusVariable() throws IOException {
        Set<String> uids = new HashSet<>();
        List<Path> files = files();
        assertTrue(files.size() >= 2, "overview and JVM dashboards");
        for (Path f : files) {
            JsonNode d = Repo.JSON.readTree(f.toFile());
            assertTrue(uids.add(d.path("uid").asText()), f + ": uid taken");
            assertFalse(d.path("title").asText().isEmpty(), f + " has a title");
            Set<Integer> ids = new HashSet<>();
            int queries = 0;
            for (JsonNode panel : d.path("panels")) {
                assertTrue(ids.add(panel.path("id").asInt()), f + ": panel id " + panel.path("id") + " twice");
                for (JsonNode t : panel.path("targets")) {
                    assertFalse(t.path("expr").asText().isBlank(), f + ": " + panel.path("title") + " has an empty query");
                    assertEquals("${datasource}", t.path("datasource").path("uid").asText(), f + ": " + panel.path("title"));
                    queries++;
                }
                if (!panel.path("type").asText().equals("row")) {
                    assertTrue(panel.path("targets").size() > 0, f + ": " + panel.path("title") + " queries nothing");
                }
            }
            assertTrue(queries > 0, f.toString());
            assertTrue(d.path("templating").toString().contains("\"name\":\"datasource\""), f + " declares ${datasource}");
        }
        JsonNode provisioning = Repo.yaml(Repo.MONITORING.resolve("grafana/provisioning/dashboards.yaml"));
        assertEquals("file", provisioning.path("providers").path(0).path("type").asText());
    }

    @Test
    void theKubernetesBaseShipsEveryDashboardUnchanged() throws IOException {
        JsonNode cm = Kustomize.build(Repo.K8S.resolve("base")).get("ConfigMap", "audiomesh-grafana-dashboards");
        assertEquals("1", cm.path("metadata").path("labels").path("grafana_dashboard").asText(), "Grafana's sidecar label");
        for (Path f : files()) {
            String shipped = cm.path("data").path(f.getFileName().toString()).asText();
            assertEquals(Repo.JSON.readTree(f.toFile()), Repo.JSON.readTree(shipped), f.getFileName().toString());
        }
        assertEquals(files().size(), cm.path("data").size(), "a dashboard file is missing from the kustomization");
    }

    private static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(DASHBOARDS)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }
}
