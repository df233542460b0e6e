package org.audiomesh.analysis.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.util.List;
import java.util.Optional;
import org.audiomesh.analysis.noise.NoiseModel;
import org.audiomesh.analysis.noise.NoiseModelException;
import org.audiomesh.analysis.noise.NoiseModelManifest;
import org.audiomesh.analysis.noise.NoiseModelRegistry;
import org.audiomesh.analysis.training.TrainingJob;
import org.audiomesh.analysis.training.TrainingJobs;
import org.audiomesh.common.error.ErrorCode;

/**
 * Admin API of the analysis service's models: which are in service, and training a new noise
 * classifier from a folder on this machine as a background job. Listens on the service's own
 * HTTP port (by default only on 127.0.0.1).
 */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    /** @param data folder with one sub-folder of clips per class; {@code min_clips_per_class} optional */
    public record TrainRequest(@JsonProperty("data") String data,
            @JsonProperty("min_clips_per_class") Integer minClipsPerClass) {
    }

    /** One model in service. */
    public record ModelInfo(@JsonProperty("name") String name, @JsonProperty("source") String source,
            @JsonProperty("loaded_at") String loadedAt, @JsonProperty("manifest") NoiseModelManifest manifest) {
    }

    public record ModelList(@JsonProperty("models") List<ModelInfo> models) {
    }

    /** Problem code of a training request for a folder outside the training root. */
    public static final String TRAINING_DATA_OUTSIDE_ROOT = "TRAINING_DATA_OUTSIDE_ROOT";

    private final NoiseModelRegistry registry;
    private final TrainingJobs jobs;
    private final java.nio.file.Path trainingRoot;

    public ModelsResource(NoiseModelRegistry registry, TrainingJobs jobs,
                          org.audiomesh.analysis.config.AnalysisConfig config,
                          org.audiomesh.common.config.AudiomeshConfig common) {
        this.registry = registry;
        this.jobs = jobs;
        this.trainingRoot = config.noise().trainingRoot().map(java.nio.file.Path::of)
                .orElse(java.nio.file.Path.of(common.dataDir(), "training")).toAbsolutePath().normalize();
    }

    /** Whether {@code data} lies inside the training root, symbolic links resolved. */
    private boolean insideRoot(java.nio.file.Path data) {
        try {
            java.nio.file.Path root = java.nio.file.Files.exists(trainingRoot) ? trainingRoot.toRealPath() : trainingRoot;
            java.nio.file.Path d = java.nio.file.Files.exists(data) ? data.toRealPath() : data.toAbsolutePath().normalize();
            return d.startsWith(root);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @GET
    public ModelList list() {
        return new ModelList(registry.models().stream().map(ModelsResource::info).toList());
    }

    @POST
    @Path("/noise-classifier/train")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response train(TrainRequest request, @Context UriInfo uri) {
        if (request == null || request.data() == null || request.data().isBlank()) {
            return Problem.response(400, ErrorCode.INVALID_REQUEST,
                    "body must be {\"data\": \"/folder/with/one/sub-folder/per/class\"}", uri.getPath(), List.of(),
                    java.util.Map.of());
        }
        java.nio.file.Path data;
        try {
            data = java.nio.file.Path.of(request.data());
        } catch (java.nio.file.InvalidPathException e) {
            return Problem.response(400, ErrorCode.INVALID_REQUEST, "data is not a path: " + e.getMessage(),
                    uri.getPath(), List.of(), java.util.Map.of());
        }
        if (!insideRoot(data)) {
            return Problem.response(403, TRAINING_DATA_OUTSIDE_ROOT, "training data must lie inside " + trainingRoot
                    + " (audiomesh.analysis.noise.training-root)", uri.getPath(), List.of(), java.util.Map.of());
        }
        TrainingJob job = jobs.submit(data,
                Optional.ofNullable(request.minClipsPerClass()));
        return Response.accepted(job).location(uri.getAbsolutePathBuilder().path(job.id()).build()).build();
    }

    @GET
    @Path("/noise-classifier/train/{id}")
    public TrainingJob job(@PathParam("id") String id) {
        return jobs.get(id).orElseThrow(() -> new NoiseModelException(NoiseModelException.TRAINING_JOB_NOT_FOUND,
                404, "no training job " + id + " (jobs are kept in memory until the service restarts)"));
    }

    private static ModelInfo info(NoiseModel m) {
        return new ModelInfo(NoiseModelManifest.NAME, m.source(), m.loadedAt(), m.manifest());
    }
}
