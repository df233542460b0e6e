package org.audiomesh.gateway.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.gateway.job.JobService;
import org.audiomesh.gateway.job.JobState;
import org.audiomesh.gateway.security.UploadNames;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Routes of the karaoke backend that existing clients integrate with: {@code POST /api/process},
 * {@code GET /api/status/{id}} (the flat job hash, e.g. {@code beat_analysis_tempo_bpm}),
 * {@code GET /api/results/{id}}, {@code GET /api/files/{id}/{filename}}.
 */
@Path("/api")
@Tag(name = "compatibility")
public class CompatResource {
    private final JobResource v1;
    private final JobService service;
    private final JobViews views;
    private final ContractJson json;

    public CompatResource(JobResource v1, JobService service, JobViews views, ContractJson json) {
        this.v1 = v1;
        this.service = service;
        this.views = views;
        this.json = json;
    }

    @POST
    @Path("/process")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a song (karaoke pipeline unless 'pipeline' says otherwise)")
    public Response process(@RestForm("file") List<FileUpload> files, @RestForm("pipeline") String pipeline)
            throws IOException {
        FileUpload upload = JobResource.singleFile(files);
        JobState job = service.submit(upload.uploadedFile(), UploadNames.check(upload.fileName()),
                v1.pipelineOrDefault(pipeline, "karaoke"), Map.of());
        ObjectNode n = json.mapper().createObjectNode();
        n.put("job_id", job.id());
        n.put("status", job.status().name().toLowerCase(java.util.Locale.ROOT));
        n.put("status_url", "/api/status/" + job.id());
        n.put("results_url", "/api/results/" + job.id());
        return Response.accepted(n).build();
    }

    @GET
    @Path("/status/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The job's flat status fields")
    public ObjectNode status(@PathParam("id") String id) {
        JobState job = service.get(id);
        ObjectNode n = json.mapper().createObjectNode();
        n.put("job_id", id);
        for (Map.Entry<String, String> f : new TreeMap<>(job.fields()).entrySet()) {
            if (!f.getKey().endsWith("_result") && !f.getKey().endsWith("_uri")) {
                n.put(f.getKey(), f.getValue());
            }
        }
        return n;
    }

    @GET
    @Path("/results/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Each stage's result and files")
    public ObjectNode results(@PathParam("id") String id) {
        return views.results(service.get(id));
    }

    @GET
    @Path("/files/{id}/{filename}")
    @Operation(summary = "Download a job file by its name, e.g. vocals.wav")
    public Response file(@PathParam("id") String id, @PathParam("filename") String filename) throws IOException {
        return JobResource.download(service.fileNamed(id, filename));
    }
}
