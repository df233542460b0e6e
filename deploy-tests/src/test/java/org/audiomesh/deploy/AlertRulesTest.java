package org.audiomesh.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The alert rules through Prometheus' own {@code promtool} (Debian package {@code prometheus}):
 * {@code check rules} and the unit tests of {@code test rules}; every alert has a test where it
 * fires, and the PrometheusRule that Kubernetes gets carries exactly these groups.
 */
class AlertRulesTest {
    private static final Path DIR = Repo.MONITORING.resolve("prometheus");
    private static final Path RULES = DIR.resolve("audiomesh-alerts.rules.yaml");
    private static final Path TESTS = DIR.resolve("audiomesh-alerts.test.yaml");

    @Test
    void promtoolAcceptsTheRules() {
        promtool("check", "rules", RULES.toString());
    }

    @Test
    void promtoolUnitTestsOfTheRulesPass() {
        promtool("test", "rules", TESTS.toString());
    }

    @Test
    void everyAlertHasAUnitTestWhereItFires() {
        Set<String> alerts = new TreeSet<>();
        for (JsonNode group : Repo.yaml(RULES).path("groups")) {
            group.path("rules").forEach(r -> {
                if (r.has("alert")) {
                    alerts.add(r.path("alert").asText());
                    assertTrue(r.path("labels").has("severity"), r.path("alert").asText() + " has a severity");
                    assertTrue(r.path("annotations").has("summary"), r.path("alert").asText() + " has a summary");
                }
            });
        }
        Set<String> firing = new TreeSet<>();
        for (JsonNode test : Repo.yaml(TESTS).path("tests")) {
            test.path("alert_rule_test").forEach(t -> {
                if (t.path("exp_alerts").size() > 0) {
                    firing.add(t.path("alertname").asText());
                }
            });
        }
        assertEquals(alerts, firing, "alerts without a firing unit test (or tests of unknown alerts)");
        assertTrue(alerts.containsAll(List.of("AudiomeshTranscriptionFailureRateHigh", "AudiomeshDiarizationFailureRateHigh",
                "AudiomeshCircuitBreakerOpen", "AudiomeshRetriesExhausted", "AudiomeshProcessingSlowerThanRealTime",
                "AudiomeshConsumerLagGrowing", "AudiomeshDeadLetterQueueNotEmpty", "AudiomeshServiceDown")));
    }

    @Test
    void thePrometheusRuleForTheOperatorCarriesTheSameGroups() {
        JsonNode rule = Repo.yaml(DIR.resolve("prometheusrule.yaml"));
        assertEquals("PrometheusRule", rule.path("kind").asText());
        assertEquals(Repo.yaml(RULES).path("groups"), rule.path("spec").path("groups"),
                "prometheusrule.yaml differs from audiomesh-alerts.rules.yaml: copy the groups over");
    }

    private static void promtool(String... args) {
        List<String> command = new ArrayList<>();
        command.add("promtool");
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("promtool is not installed: install the Debian package prometheus (apt-get install prometheus), "
                    + "which ships /usr/bin/promtool");
            return;
        }
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "promtool timed out");
            assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + output);
        } catch (IOException e) {
            fail(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        }
    }
}
