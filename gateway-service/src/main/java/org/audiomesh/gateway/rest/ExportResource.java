package org.audiomesh.gateway.rest;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.audiomesh.gateway.analytics.JobExport;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Locale;

/** Streams the summaries of ended jobs as CSV or JSON. */
@Path("/api/v1/exports")
@Tag(name = "analytics")
public class ExportResource {
    private static final Logger LOG = Logger.getLogger(ExportResource.class);

    private final JobExport export;

    public ExportResource(JobExport export) {
        this.export = export;
    }

    @GET
    @Path("/jobs")
    @Operation(summary = "Every job that ended in a range, one row each", description = "from and to: ISO-8601 "
            + "dates or date-times, UTC; format: csv (default) or json. Columns: " + "job_id, pipeline, status, "
            + "created_at, ended_at, duration_s, input_duration_s, noise_class, stages, engines, stage_durations_s, "
            + "real_time_factors, error_codes.")
    public Response jobs(@QueryParam("from") String from, @QueryParam("to") String to,
                         @QueryParam("format") @DefaultValue("csv") String format) {
        JobExport.Format f = format(format);
        TimeRange range = TimeRange.parse(from, to);
        StreamingOutput body = out -> {
            try {
                export.write(f, range.from(), range.to(), out);
            } catch (IOException | RuntimeException e) {
                // the status line is gone already: the client sees a cut-off body
                LOG.warnf("export %s..%s stopped: %s", range.from(), range.to(), e.toString());
                throw e instanceof IOException io ? io : new IOException(e);
            }
        };
        String name = "jobs-" + range.from().toString().replace(":", "") + "-" + range.to().toString().replace(":", "")
                + "." + f.extension();
        return Response.ok(body, f.mediaType + (f == JobExport.Format.CSV ? "; charset=utf-8" : ""))
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    private static JobExport.Format format(String value) {
        String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        for (JobExport.Format f : JobExport.Format.values()) {
            if (f.name().equals(v)) {
                return f;
            }
        }
        throw new ApiProblem(400, ApiCodes.UNSUPPORTED_EXPORT_FORMAT, "format must be csv or json");
    }
}
