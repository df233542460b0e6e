package org.audiomesh.gateway.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.gateway.maintenance.HealthSnapshots;
import org.audiomesh.gateway.maintenance.MaintenanceRunner;
import org.audiomesh.gateway.maintenance.MaintenanceTask;
import org.audiomesh.gateway.maintenance.RunReport;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.Locale;

/** Runs a maintenance task now (or lists what it would remove), and shows the latest health snapshot. */
@Path("/api/v1/maintenance")
@Tag(name = "maintenance")
public class MaintenanceResource {
    private final MaintenanceRunner runner;
    private final HealthSnapshots health;
    private final ContractJson json;

    public MaintenanceResource(MaintenanceRunner runner, HealthSnapshots health, ContractJson json) {
        this.runner = runner;
        this.health = health;
        this.json = json;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The maintenance tasks")
    public ObjectNode tasks() {
        ObjectNode n = json.mapper().createObjectNode();
        runner.taskNames().forEach(n.putArray("tasks")::add);
        return n;
    }

    @POST
    @Path("/{task}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Run a task now: retention, failed-jobs, orphans or uploads", description = "With "
            + "dryRun=true it removes nothing and lists what it would remove. A real run is 409 TASK_RUNNING "
            + "while the task runs elsewhere.")
    public RunReport run(@PathParam("task") String task, @QueryParam("dryRun") @DefaultValue("false") String dryRun) {
        MaintenanceTask t = runner.task(task).orElseThrow(() -> new ApiProblem(404, ApiCodes.UNKNOWN_TASK,
                "no maintenance task " + abbreviate(task) + "; choose one of " + runner.taskNames()));
        boolean dry = switch (dryRun.strip().toLowerCase(Locale.ROOT)) {
            case "true", "" -> true;
            case "false" -> false;
            default -> throw new ApiProblem(400, ApiCodes.INVALID_DRY_RUN, "dryRun must be true or false");
        };
        RunReport r = runner.run(t, dry, Instant.now());
        if ("SKIPPED".equals(r.outcome())) {
            throw new ApiProblem(409, ApiCodes.TASK_RUNNING, "the task " + t.name() + " is running; retry later",
                    60L);
        }
        return r;
    }

    @GET
    @Path("/health")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The latest hourly health snapshot (Kafka, Redis, disk, stage engines and circuit "
            + "breakers); taken now when there is none yet")
    public ObjectNode healthSnapshot() {
        return health.latest().orElseGet(health::takeAndStore);
    }

    private static String abbreviate(String v) {
        return v == null ? "" : v.length() > 40 ? v.substring(0, 40) + "…" : v;
    }
}
