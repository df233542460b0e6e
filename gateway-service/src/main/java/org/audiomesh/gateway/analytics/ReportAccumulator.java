package org.audiomesh.gateway.analytics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.audiomesh.gateway.job.StageStatus;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Folds job summaries into a report: jobs by pipeline and status, processing time percentiles
 * (seconds) and real-time factors per stage and engine, failure rates by code (share of jobs with
 * a stage failing with that code) and the distribution of noise classes ({@code unknown} where
 * the analysis reported none). Keeps counts and one primitive array of durations per stage and
 * engine, never the summaries.
 */
public final class ReportAccumulator implements Consumer<JobSummary> {
    static final double[] PERCENTILES = {50, 90, 95, 99};

    private long total;
    private final Map<String, Map<String, Long>> byPipeline = new TreeMap<>();
    private final Map<String, Long> byStatus = new TreeMap<>();
    private final Map<String, Samples> seconds = new TreeMap<>();
    private final Map<String, Samples> rtf = new TreeMap<>();
    private final Map<String, Long> stageFailures = new TreeMap<>();
    private final Map<String, Long> jobsWithCode = new TreeMap<>();
    private final Map<String, Long> noise = new TreeMap<>();

    @Override
    public void accept(JobSummary s) {
        total++;
        String pipeline = s.pipeline() == null ? "unknown" : s.pipeline();
        byPipeline.computeIfAbsent(pipeline, p -> new TreeMap<>()).merge(s.status().name(), 1L, Long::sum);
        byStatus.merge(s.status().name(), 1L, Long::sum);
        Set<String> codes = new HashSet<>();
        for (JobSummary.StageSummary st : s.stages()) {
            String key = st.stage() + "|" + (st.engine() == null ? "none" : st.engine());
            if (st.status() == StageStatus.COMPLETED && st.durationS() != null) {
                seconds.computeIfAbsent(key, k -> new Samples()).add(st.durationS());
                if (st.realTimeFactor() != null) {
                    rtf.computeIfAbsent(key, k -> new Samples()).add(st.realTimeFactor());
                }
            }
            if (st.errorCode() != null) {
                stageFailures.merge(st.errorCode(), 1L, Long::sum);
                codes.add(st.errorCode());
            }
        }
        codes.forEach(c -> jobsWithCode.merge(c, 1L, Long::sum));
        noise.merge(s.noiseClass() == null ? "unknown" : s.noiseClass(), 1L, Long::sum);
    }

    public ObjectNode toJson(ObjectMapper mapper, Instant from, Instant to) {
        ObjectNode n = mapper.createObjectNode();
        n.put("from", from.toString());
        n.put("to", to.toString());
        n.put("generatedAt", Instant.now().toString());
        ObjectNode jobs = n.putObject("jobs");
        jobs.put("total", total);
        ObjectNode status = jobs.putObject("byStatus");
        byStatus.forEach(status::put);
        ObjectNode pipelines = jobs.putObject("byPipeline");
        byPipeline.forEach((p, m) -> {
            ObjectNode o = pipelines.putObject(p);
            m.forEach(o::put);
        });
        ArrayNode times = n.putArray("processingSeconds");
        seconds.forEach((key, samples) -> {
            String[] se = key.split("\\|", 2);
            ObjectNode o = times.addObject().put("stage", se[0]).put("engine", se[1]);
            samples.describe(o);
            Samples r = rtf.get(key);
            if (r != null) {
                r.describe(o.putObject("realTimeFactor"));
            }
        });
        ObjectNode failures = n.putObject("failures");
        ArrayNode byCode = failures.putArray("byCode");
        jobsWithCode.forEach((code, jobsCount) -> byCode.addObject().put("code", code).put("jobs", jobsCount)
                .put("stageFailures", stageFailures.getOrDefault(code, 0L))
                .put("rate", total == 0 ? 0.0 : round((double) jobsCount / total)));
        ObjectNode classes = n.putObject("noiseClasses");
        noise.forEach(classes::put);
        return n;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    /** A growable primitive array of values. */
    private static final class Samples {
        private double[] values = new double[16];
        private int size;

        void add(double v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        void describe(ObjectNode o) {
            double[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            double sum = 0;
            for (double v : sorted) {
                sum += v;
            }
            o.put("count", size);
            o.put("mean", round(sum / size));
            for (double p : PERCENTILES) {
                o.put("p" + (int) p, round(nearestRank(sorted, p)));
            }
            o.put("max", round(sorted[size - 1]));
        }

        /** The smallest value with at least p % of the values at or below it. */
        static double nearestRank(double[] sorted, double p) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }
    }
}
