package org.audiomesh.analysis.noise;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * What a trained noise classifier is, stored as {@code manifest.json} beside its files and checked
 * before the model is used.
 *
 * @param name                    {@code noise-classifier}
 * @param id                      unique id of this training run
 * @param createdAt               ISO-8601 instant of training
 * @param featureExtractorVersion {@code NoiseFeatures.VERSION} the model was trained on
 * @param features                feature names, in vector order
 * @param classes                 class names, in the order of {@code probabilities} and of the confusion matrix
 * @param algorithm               learner and its settings
 * @param windowSeconds           window length the features were measured on, s
 * @param accuracy                share of held-out windows classified right, 0..1
 * @param confusion               held-out windows by true class (rows) and predicted class (columns)
 * @param training                clips and windows used, per class, and the split
 * @param dataSha256              SHA-256 over the training files' relative paths and contents
 * @param modelFile               file name of the Tribuo model (protobuf)
 * @param modelSha256             SHA-256 of that file
 * @param scalerFile              file name of the {@link FeatureScaler}
 * @param scalerSha256            SHA-256 of that file
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"name", "id", "created_at", "feature_extractor_version", "features", "classes", "algorithm",
        "window_seconds", "accuracy", "confusion", "training", "data_sha256", "model_file", "model_sha256",
        "scaler_file", "scaler_sha256"})
public record NoiseModelManifest(
        @JsonProperty("name") String name,
        @JsonProperty("id") String id,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("feature_extractor_version") int featureExtractorVersion,
        @JsonProperty("features") List<String> features,
        @JsonProperty("classes") List<String> classes,
        @JsonProperty("algorithm") String algorithm,
        @JsonProperty("window_seconds") double windowSeconds,
        @JsonProperty("accuracy") double accuracy,
        @JsonProperty("confusion") int[][] confusion,
        @JsonProperty("training") Training training,
        @JsonProperty("data_sha256") String dataSha256,
        @JsonProperty("model_file") String modelFile,
        @JsonProperty("model_sha256") String modelSha256,
        @JsonProperty("scaler_file") String scalerFile,
        @JsonProperty("scaler_sha256") String scalerSha256) {

    public static final String NAME = "noise-classifier";

    /**
     * @param clips           training clips per class (held-out ones included)
     * @param windows         windows per class (held-out ones included)
     * @param heldOutClips    clips per class kept out of training for the accuracy
     * @param heldOutFraction share of each class's clips held out
     * @param seed            seed of the split and of the learner
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Training(
            @JsonProperty("clips") Map<String, Integer> clips,
            @JsonProperty("windows") Map<String, Integer> windows,
            @JsonProperty("held_out_clips") Map<String, Integer> heldOutClips,
            @JsonProperty("held_out_fraction") double heldOutFraction,
            @JsonProperty("seed") long seed) {
    }
}
