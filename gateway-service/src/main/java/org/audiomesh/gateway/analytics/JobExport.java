package org.audiomesh.gateway.analytics;

import com.fasterxml.jackson.core.JsonGenerator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.audiomesh.common.contract.ContractJson;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Streams job summaries of a range as CSV (RFC 4180, header row) or as a JSON array, one row or
 * object per job, page by page: the export never holds the range in memory. Both formats have the
 * same {@link #COLUMNS}; CSV joins per-stage values as {@code stage=value} with {@code ;}, JSON
 * gives them as objects keyed by stage.
 */
@ApplicationScoped
public class JobExport {
    public static final List<String> COLUMNS = List.of("job_id", "pipeline", "status", "created_at", "ended_at",
            "duration_s", "input_duration_s", "noise_class", "stages", "engines", "stage_durations_s",
            "real_time_factors", "error_codes");

    public enum Format {
        CSV("text/csv"), JSON("application/json");

        public final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final JobSummaries summaries;
    private final ContractJson json;
    private final MeterRegistry registry;

    public JobExport(JobSummaries summaries, ContractJson json, MeterRegistry registry) {
        this.summaries = summaries;
        this.json = json;
        this.registry = registry;
    }

    /** Writes every job that ended in {@code [from, to)}; returns the number of rows. */
    public long write(Format format, Instant from, Instant to, OutputStream out) throws IOException {
        long rows = format == Format.CSV ? csv(from, to, out) : json(from, to, out);
        Counter.builder("audiomesh.export.rows").tag("format", format.extension()).register(registry)
                .increment(rows);
        return rows;
    }

    private long csv(Instant from, Instant to, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write(String.join(",", COLUMNS));
        w.write("\r\n");
        long[] rows = {0};
        try {
            summaries.forEachEnded(from, to, s -> {
                try {
                    w.write(csvRow(s));
                    rows[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        w.flush();
        return rows[0];
    }

    static String csvRow(JobSummary s) {
        List<String> cells = List.of(s.jobId(), nz(s.pipeline()), s.status().name(), str(s.createdAt()),
                str(s.endedAt()), num(s.durationS()), num(s.inputDurationS()), nz(s.noiseClass()),
                s.stages().stream().map(JobSummary.StageSummary::stage).collect(Collectors.joining(";")),
                pairs(s, JobSummary.StageSummary::engine), pairs(s, st -> num(st.durationS())),
                pairs(s, st -> num(st.realTimeFactor())), pairs(s, JobSummary.StageSummary::errorCode));
        return cells.stream().map(JobExport::quote).collect(Collectors.joining(",")) + "\r\n";
    }

    private long json(Instant from, Instant to, OutputStream out) throws IOException {
        JsonGenerator g = json.mapper().getFactory().createGenerator(out);
        g.writeStartArray();
        long[] rows = {0};
        try {
            summaries.forEachEnded(from, to, s -> {
                try {
                    jsonRow(g, s);
                    rows[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        g.writeEndArray();
        g.flush();
        return rows[0];
    }

    private static void jsonRow(JsonGenerator g, JobSummary s) throws IOException {
        g.writeStartObject();
        g.writeStringField("job_id", s.jobId());
        g.writeStringField("pipeline", s.pipeline());
        g.writeStringField("status", s.status().name());
        g.writeStringField("created_at", s.createdAt() == null ? null : s.createdAt().toString());
        g.writeStringField("ended_at", str(s.endedAt()));
        g.writeNumberField("duration_s", s.durationS());
        nullableNumber(g, "input_duration_s", s.inputDurationS());
        g.writeStringField("noise_class", s.noiseClass());
        g.writeArrayFieldStart("stages");
        for (JobSummary.StageSummary st : s.stages()) {
            g.writeString(st.stage());
        }
        g.writeEndArray();
        g.writeObjectFieldStart("engines");
        for (JobSummary.StageSummary st : s.stages()) {
            g.writeStringField(st.stage(), st.engine());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("stage_durations_s");
        for (JobSummary.StageSummary st : s.stages()) {
            nullableNumber(g, st.stage(), st.durationS());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("real_time_factors");
        for (JobSummary.StageSummary st : s.stages()) {
            nullableNumber(g, st.stage(), st.realTimeFactor());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("error_codes");
        for (JobSummary.StageSummary st : s.stages()) {
            if (st.errorCode() != null) {
                g.writeStringField(st.stage(), st.errorCode());
            }
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void nullableNumber(JsonGenerator g, String field, Double v) throws IOException {
        if (v == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, v);
        }
    }

    private static String pairs(JobSummary s, Function<JobSummary.StageSummary, String> value) {
        return s.stages().stream().filter(st -> value.apply(st) != null && !value.apply(st).isEmpty())
                .map(st -> st.stage() + "=" + value.apply(st)).collect(Collectors.joining(";"));
    }

    private static String num(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String str(Instant i) {
        return i == null ? "" : i.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** RFC 4180 quoting; a leading formula character is neutralised so spreadsheets do not evaluate it. */
    static String quote(String cell) {
        String c = cell;
        if (!c.isEmpty() && "=+-@".indexOf(c.charAt(0)) >= 0) {
            c = "'" + c;
        }
        if (c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")) {
            return "\"" + c.replace("\"", "\"\"") + "\"";
        }
        return c;
    }
}
