package org.audiomesh.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The PromQL of deploy/monitoring (alert and recording rules, Grafana dashboards) and the metric
 * names it reads. Names with a colon are recording rules of the rule file, not scraped metrics.
 */
final class MonitoringQueries {
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "inf", "nan");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^{}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\[\\]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private MonitoringQueries() {
    }

    /** Every query of the rules and dashboards under {@code monitoring}. */
    static List<String> queries(Path monitoring) throws IOException {
        List<String> out = new ArrayList<>();
        JsonNode rules = new YAMLMapper().readTree(monitoring.resolve("prometheus/audiomesh-alerts.rules.yaml").toFile());
        rules.path("groups").forEach(g -> g.path("rules").forEach(r -> out.add(r.path("expr").asText())));
        try (Stream<Path> files = Files.list(monitoring.resolve("grafana/dashboards"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                new ObjectMapper().readTree(f.toFile()).findValues("expr").forEach(e -> out.add(e.asText()));
            }
        }
        return out;
    }

    /** Metric names a PromQL expression selects (recording rule names excluded). */
    static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll(" ");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGE.matcher(s).replaceAll(" ");
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String id = m.group();
            int next = m.end();
            while (next < s.length() && Character.isWhitespace(s.charAt(next))) {
                next++;
            }
            boolean function = next < s.length() && s.charAt(next) == '(';
            boolean variable = m.start() > 0 && s.charAt(m.start() - 1) == '$';
            if (!function && !variable && !KEYWORDS.contains(id.toLowerCase()) && !id.contains(":")) {
                names.add(id);
            }
        }
        return names;
    }
}
