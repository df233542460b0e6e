package org.audiomesh.analysis.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.audiomesh.analysis.engine.BeatAnalysis;
import org.audiomesh.analysis.engine.BeatAnalysisEngine;
import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.audiomesh.common.worker.EngineInput;
import org.audiomesh.common.worker.EngineResult;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.common.worker.StageEngine;

import java.io.IOException;
import java.util.Optional;

/**
 * The built-in analysis engine as a stage: streams the input as mono at {@value #ANALYSIS_RATE} Hz
 * through {@link BeatAnalysisEngine} and stores the result as {@code analysis/analysis.json}.
 */
public final class BeatAnalysisStage implements StageEngine {
    /** Sample rate the onset envelope is computed at (Hz). */
    public static final int ANALYSIS_RATE = 22050;
    public static final String NAME = "beat-dp";

    private final BeatAnalysisEngine engine;
    private final ObjectMapper mapper;

    public BeatAnalysisStage(BeatAnalysisEngine engine, ObjectMapper mapper) {
        this.engine = engine;
        this.mapper = mapper;
    }

    @Override
    public Stage stage() {
        return Stage.ANALYSIS;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public EngineResult process(EngineInput input, ProgressListener progress) {
        try (AudioSource mono = AudioFiles.openMono(input.audio(), ANALYSIS_RATE)) {
            BeatAnalysis analysis = engine.analyze(mono, progress);
            ObjectNode result = mapper.valueToTree(analysis);
            result.put("sample_rate", input.format().sampleRate());
            result.put("channels", input.format().channels());
            result.put("engine", NAME);
            input.outputs().write("analysis.json", out -> mapper.writerWithDefaultPrettyPrinter()
                    .writeValue(out, result));
            return new EngineResult(result);
        } catch (IOException e) {
            throw new ProcessingException(ErrorCode.STORAGE_ERROR, "could not read the input or store the "
                    + "analysis: " + e.getMessage(), true, e);
        }
    }
}
