package org.audiomesh.gateway.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.audiomesh.gateway.analytics.JobReports;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.LocalDate;

/** Reports over the summaries of ended jobs. */
@Path("/api/v1/reports")
@Tag(name = "analytics")
public class ReportResource {
    private final JobReports reports;

    public ReportResource(JobReports reports) {
        this.reports = reports;
    }

    @GET
    @Path("/daily/{date}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The daily report of a past UTC day (yyyy-MM-dd)", description = "Jobs by pipeline and "
            + "status, processing time percentiles per stage and engine, failure rates by code, noise classes.")
    public ObjectNode daily(@PathParam("date") String date) {
        LocalDate day = TimeRange.day(date);
        return reports.daily(day, Instant.now()).orElseThrow(() -> new ApiProblem(404, ApiCodes.REPORT_NOT_READY,
                "the report of " + day + " is built once the day has ended (UTC)"));
    }

    @GET
    @Path("/summary")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The same report over any range of end times", description = "from and to: ISO-8601 "
            + "dates or date-times, UTC; a date as 'to' includes that whole day.")
    public ObjectNode summary(@QueryParam("from") String from, @QueryParam("to") String to) {
        TimeRange range = TimeRange.parse(from, to);
        return reports.build(range.from(), range.to());
    }
}
