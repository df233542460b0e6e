package org.audiomesh.analysis.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A snapshot of one training job, as {@code GET /api/v1/models/noise-classifier/train/{id}}
 * returns it.
 *
 * @param id         job id
 * @param status     {@code queued}, {@code running}, {@code completed} or {@code failed}
 * @param phase      {@code features}, {@code training}, {@code validating} or {@code done}
 * @param progress   0..1
 * @param data       the training data folder
 * @param createdAt  ISO-8601
 * @param finishedAt ISO-8601, or null while it runs
 * @param model      the trained model (id, folder, accuracy, confusion), once trained
 * @param promoted   whether the model passed the gate and is now in service (null until decided)
 * @param rejection  why the gate kept the previous model (problem-like: code, message), if it did
 * @param error      why the job failed (code, message, files), if it did
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "status", "phase", "progress", "data", "created_at", "finished_at", "model", "promoted",
        "rejection", "error"})
public record TrainingJob(
        @JsonProperty("id") String id,
        @JsonProperty("status") String status,
        @JsonProperty("phase") String phase,
        @JsonProperty("progress") double progress,
        @JsonProperty("data") String data,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("finished_at") String finishedAt,
        @JsonProperty("model") TrainedModel model,
        @JsonProperty("promoted") Boolean promoted,
        @JsonProperty("rejection") Failure rejection,
        @JsonProperty("error") Failure error) {

    /**
     * @param id        model id (the manifest's)
     * @param path      folder holding manifest, model and scaler
     * @param accuracy  held-out window accuracy, 0..1
     * @param classes   class order of the confusion matrix
     * @param confusion held-out windows, true class by row, predicted by column
     */
    public record TrainedModel(@JsonProperty("id") String id, @JsonProperty("path") String path,
            @JsonProperty("accuracy") double accuracy, @JsonProperty("classes") List<String> classes,
            @JsonProperty("confusion") int[][] confusion) {
    }

    /** @param files the files at fault, if any */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Failure(@JsonProperty("code") String code, @JsonProperty("message") String message,
            @JsonProperty("files") List<String> files) {
    }
}
