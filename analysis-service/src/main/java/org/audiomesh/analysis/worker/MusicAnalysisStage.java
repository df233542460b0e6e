package org.audiomesh.analysis.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.audiomesh.analysis.engine.MusicAnalysis;
import org.audiomesh.analysis.engine.MusicAnalysisEngine;
import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.audiomesh.common.worker.EngineInput;
import org.audiomesh.common.worker.EngineResult;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.common.worker.StageEngine;

/**
 * The built-in analysis engine as a stage: streams the input once, in its original channels and
 * sample rate, through {@link MusicAnalysisEngine} and stores the result as
 * {@code analysis/analysis.json}.
 */
public final class MusicAnalysisStage implements StageEngine {
    /** Engine name reported in results, health and metrics (kept from the first, beat-only version). */
    public static final String NAME = "beat-dp";

    private final MusicAnalysisEngine engine;
    private final ObjectMapper mapper;

    public MusicAnalysisStage(MusicAnalysisEngine engine, ObjectMapper mapper) {
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
    public EngineResult process(EngineInput input, ProgressListener progress) {
        try (AudioSource source = AudioFiles.open(input.audio())) {
            MusicAnalysis analysis = engine.analyze(source, progress);
            ObjectNode result = mapper.valueToTree(analysis);
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
