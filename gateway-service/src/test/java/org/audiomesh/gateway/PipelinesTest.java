package org.audiomesh.gateway;

import org.audiomesh.common.contract.Stage;
import org.audiomesh.gateway.job.JobStatus;
import org.audiomesh.gateway.job.StageStatus;
import org.audiomesh.gateway.pipeline.Pipeline;
import org.audiomesh.gateway.pipeline.Pipelines;
import org.audiomesh.gateway.pipeline.StagePlan;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.audiomesh.gateway.job.StageStatus.COMPLETED;
import static org.audiomesh.gateway.job.StageStatus.FAILED;
import static org.audiomesh.gateway.job.StageStatus.PENDING;
import static org.audiomesh.gateway.job.StageStatus.RUNNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The degradation matrix of ARCHITECTURE §5 as pipeline outcomes. */
class PipelinesTest {
    private final Pipelines pipelines = new Pipelines();

    private static Map<Stage, StageStatus> states(Object... pairs) {
        Map<Stage, StageStatus> m = new EnumMap<>(Stage.class);
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((Stage) pairs[i], (StageStatus) pairs[i + 1]);
        }
        return m;
    }

    @Test
    void karaokeStartsAnalysisAndSeparationThenTranscription() {
        Pipeline k = pipelines.find("karaoke").orElseThrow();
        assertEquals(2, k.ready(states(Stage.ANALYSIS, PENDING, Stage.SEPARATION, PENDING, Stage.TRANSCRIPTION,
                PENDING)).size());
        assertEquals(0, k.ready(states(Stage.ANALYSIS, RUNNING, Stage.SEPARATION, RUNNING, Stage.TRANSCRIPTION,
                PENDING)).size());
        assertEquals(Stage.TRANSCRIPTION, k.ready(states(Stage.ANALYSIS, RUNNING, Stage.SEPARATION, FAILED,
                Stage.TRANSCRIPTION, PENDING)).get(0).stage(), "a failed separation still lets lyrics run");
    }

    @Test
    void karaokeWithStemsButNoLyricsIsPartial() {
        Pipeline k = pipelines.find("karaoke").orElseThrow();
        assertEquals(JobStatus.PARTIAL, k.outcome(states(Stage.ANALYSIS, COMPLETED, Stage.SEPARATION, COMPLETED,
                Stage.TRANSCRIPTION, FAILED)));
        assertEquals(JobStatus.PARTIAL, k.outcome(states(Stage.ANALYSIS, FAILED, Stage.SEPARATION, COMPLETED,
                Stage.TRANSCRIPTION, COMPLETED)));
        assertEquals(JobStatus.COMPLETED, k.outcome(states(Stage.ANALYSIS, COMPLETED, Stage.SEPARATION, COMPLETED,
                Stage.TRANSCRIPTION, COMPLETED)));
        assertEquals(JobStatus.FAILED, k.outcome(states(Stage.ANALYSIS, FAILED, Stage.SEPARATION, FAILED,
                Stage.TRANSCRIPTION, FAILED)), "nothing useful survived");
        assertNull(k.outcome(states(Stage.ANALYSIS, COMPLETED, Stage.SEPARATION, FAILED, Stage.TRANSCRIPTION,
                RUNNING)));
    }

    @Test
    void speechFailsWhenTranscriptionFailsAndDegradesWhenEnhancementFails() {
        Pipeline s = pipelines.find("speech").orElseThrow();
        assertEquals(JobStatus.FAILED, s.outcome(states(Stage.ANALYSIS, COMPLETED, Stage.ENHANCEMENT, COMPLETED,
                Stage.TRANSCRIPTION, FAILED)));
        assertEquals(JobStatus.PARTIAL, s.outcome(states(Stage.ANALYSIS, COMPLETED, Stage.ENHANCEMENT, FAILED,
                Stage.TRANSCRIPTION, COMPLETED)));
        assertEquals(JobStatus.PARTIAL, s.outcome(states(Stage.ANALYSIS, FAILED, Stage.ENHANCEMENT, COMPLETED,
                Stage.TRANSCRIPTION, COMPLETED)), "without a noise class the enhancement still runs");
        assertEquals(java.util.Set.of(Stage.ANALYSIS), s.plan(Stage.ENHANCEMENT).after(),
                "the analysis' noise class is the enhancement's hint");
        StagePlan t = s.plan(Stage.TRANSCRIPTION);
        assertEquals(Stage.ENHANCEMENT, t.source().from());
        assertEquals("enhanced", t.source().output());
    }

    @Test
    void theNoisePipelineIsTheAnalysisStage() {
        Pipeline n = pipelines.find("noise").orElseThrow();
        assertEquals(java.util.List.of(Stage.ANALYSIS), n.stageIds());
        assertEquals(JobStatus.FAILED, n.outcome(states(Stage.ANALYSIS, FAILED)));
    }

    @Test
    void everyStageHasItsOwnSingleStagePipeline() {
        for (Stage st : Stage.values()) {
            Pipeline p = pipelines.find(st.id()).orElseThrow();
            assertEquals(JobStatus.FAILED, p.outcome(states(st, FAILED)));
            assertEquals(JobStatus.COMPLETED, p.outcome(states(st, COMPLETED)));
        }
    }
}
