package org.audiomesh.gateway.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.gateway.job.JobService;
import org.audiomesh.gateway.job.JobState;
import org.audiomesh.gateway.job.JobStore;
import org.audiomesh.gateway.pipeline.Pipeline;
import org.audiomesh.gateway.pipeline.Pipelines;
import org.audiomesh.gateway.security.UploadNames;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** The job API, version 1 (ARCHITECTURE §6). */
@Path("/api/v1/jobs")
@Tag(name = "jobs")
public class JobResource {
    private final JobService service;
    private final JobStore jobs;
    private final JobViews views;
    private final Pipelines pipelines;
    private final ContractJson json;
    private final org.audiomesh.gateway.job.GatewayMetrics metrics;

    public JobResource(JobService service, JobStore jobs, JobViews views, Pipelines pipelines, ContractJson json,
                       org.audiomesh.gateway.job.GatewayMetrics metrics) {
        this.metrics = metrics;
        this.service = service;
        this.jobs = jobs;
        this.views = views;
        this.pipelines = pipelines;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a recording", description = "multipart/form-data with 'file' (WAV, MP3, FLAC, "
            + "OGG or M4A), 'pipeline' (karaoke, speech, analysis, separation, transcription, enhancement) and "
            + "optional stage options (see GET /api/v1/limits). Answers 202 with the job.")
    public Response submit(@RestForm("file") List<FileUpload> files, @RestForm("pipeline") String pipeline,
                           @BeanParam StageOptionForm stageOptions) throws IOException {
        Pipeline p = pipelineOrDefault(pipeline, "karaoke");
        Map<String, String> options = stageOptions.validated();
        FileUpload upload = singleFile(files);
        JobState job;
        try {
            String name = UploadNames.check(upload.fileName());
            job = service.submit(upload.uploadedFile(), name, p, options);
        } catch (ApiProblem e) {
            metrics.rejected(e.code());
            throw e;
        } catch (org.audiomesh.common.error.ProcessingException e) {
            metrics.rejected(e.code());
            throw e;
        }
        return Response.accepted(views.status(job)).location(URI.create(JobViews.API + job.id())).build();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A job's status, per stage")
    public ObjectNode status(@PathParam("id") String id) {
        return views.status(service.get(id));
    }

    @GET
    @Path("/{id}/results")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Each stage's result JSON and links to its files")
    public ObjectNode results(@PathParam("id") String id) {
        return views.results(service.get(id));
    }

    @GET
    @Path("/{id}/files/{path: .+}")
    @Operation(summary = "Download one file of a job, e.g. stems/vocals.wav or analysis/analysis.json")
    public Response file(@PathParam("id") String id, @PathParam("path") String path) throws IOException {
        return download(service.file(id, path));
    }

    /** A stored job file as an attachment, typed by its fixed extension. */
    static Response download(java.nio.file.Path f) {
        String name = f.getFileName().toString();
        return Response.ok(f.toFile(), FileTypes.contentType(name))
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a job and its files")
    public Response delete(@PathParam("id") String id) throws IOException {
        service.delete(id);
        return Response.noContent().build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Jobs, newest first, paged")
    public ObjectNode list(@QueryParam("page") @DefaultValue("0") String page,
                           @QueryParam("size") @DefaultValue("20") String size) {
        int pageNo = boundedInt(page, "page", 0, 1_000_000);
        int pageSize = boundedInt(size, "size", 1, 100);
        ObjectNode n = json.mapper().createObjectNode();
        n.put("page", pageNo);
        n.put("size", pageSize);
        n.put("total", jobs.count());
        ArrayNode items = n.putArray("items");
        for (String id : jobs.newest((long) pageNo * pageSize, pageSize)) {
            jobs.find(id).ifPresent(f -> items.add(views.summary(new JobState(id, f))));
        }
        return n;
    }

    Pipeline pipelineOrDefault(String name, String fallback) {
        return pipelineOrDefault(pipelines, name, fallback);
    }

    static Pipeline pipelineOrDefault(Pipelines pipelines, String name, String fallback) {
        String n = name == null || name.isBlank() ? fallback : name.strip();
        return pipelines.find(n).orElseThrow(() -> new ApiProblem(400, ErrorCode.UNKNOWN_PIPELINE,
                "unknown pipeline; choose one of " + pipelines.all().stream().map(Pipeline::name).toList()));
    }

    static FileUpload singleFile(List<FileUpload> files) {
        if (files == null || files.isEmpty()) {
            throw new ApiProblem(400, ErrorCode.MISSING_FILE, "send the recording as the multipart field 'file'");
        }
        if (files.size() > 1) {
            throw new ApiProblem(400, ErrorCode.INVALID_REQUEST, "send exactly one 'file' per job");
        }
        return files.get(0);
    }

    private static int boundedInt(String value, String name, int min, int max) {
        try {
            int v = Integer.parseInt(value.strip());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ApiProblem(400, ErrorCode.INVALID_REQUEST, name + " must be a whole number from " + min
                    + " to " + max);
        }
    }
}
