package org.audiomesh.gateway.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.audiomesh.gateway.batch.BatchService;
import org.audiomesh.gateway.batch.BatchStore;
import org.audiomesh.gateway.pipeline.Pipeline;
import org.audiomesh.gateway.pipeline.Pipelines;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.net.URI;
import java.util.List;

/** Batches: several recordings through one pipeline, each its own job. */
@Path("/api/v1/batches")
@Tag(name = "batches")
public class BatchResource {
    private final BatchService batches;
    private final Pipelines pipelines;

    public BatchResource(BatchService batches, Pipelines pipelines) {
        this.batches = batches;
        this.pipelines = pipelines;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a batch of recordings", description = "multipart/form-data with the field 'files' "
            + "repeated (one recording each), 'pipeline' and the stage options of a single job, applied to every "
            + "file. Answers 202 with the batch id and one entry per file: its job id, or the status and code "
            + "the file was refused with (a bad file never fails the batch).")
    public Response submit(@RestForm("files") List<FileUpload> files, @RestForm("pipeline") String pipeline,
                           @BeanParam StageOptionForm options) {
        Pipeline p = JobResource.pipelineOrDefault(pipelines, pipeline, "karaoke");
        BatchStore.Batch batch = batches.submit(files, p, options.validated());
        return Response.accepted(batches.view(batch)).location(URI.create("/api/v1/batches/" + batch.id())).build();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A batch: each file's job and status, and the batch status (RUNNING, COMPLETED, PARTIAL, "
            + "FAILED)")
    public ObjectNode status(@PathParam("id") String id) {
        return batches.view(batches.get(id));
    }
}
