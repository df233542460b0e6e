package org.audiomesh.gateway.pipeline;

import org.audiomesh.common.contract.Stage;
import org.audiomesh.gateway.job.JobStatus;
import org.audiomesh.gateway.job.StageStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A job's processing graph (a DAG of stages) and its degradation rule: the job ends FAILED when
 * an essential stage failed or nothing succeeded, PARTIAL when something useful survived a
 * failure, COMPLETED when every stage completed.
 *
 * @param essential stages without which the job has nothing useful (e.g. transcription of
 *                  {@code speech})
 */
public record Pipeline(String name, String description, List<StagePlan> stages, Set<Stage> essential) {

    public List<Stage> stageIds() {
        return stages.stream().map(StagePlan::stage).toList();
    }

    public StagePlan plan(Stage stage) {
        return stages.stream().filter(p -> p.stage() == stage).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(stage + " is not part of " + name));
    }

    /** Stages still PENDING whose predecessors have all ended. */
    public List<StagePlan> ready(Map<Stage, StageStatus> states) {
        List<StagePlan> ready = new ArrayList<>();
        for (StagePlan p : stages) {
            if (states.get(p.stage()) == StageStatus.PENDING
                    && p.after().stream().allMatch(s -> states.get(s) != null && states.get(s).terminal())) {
                ready.add(p);
            }
        }
        return ready;
    }

    /** The job's final status, or null while a stage has not ended. */
    public JobStatus outcome(Map<Stage, StageStatus> states) {
        boolean anyFailed = false;
        boolean anyCompleted = false;
        for (StagePlan p : stages) {
            StageStatus s = states.get(p.stage());
            if (s == null || !s.terminal()) {
                return null;
            }
            if (s == StageStatus.FAILED) {
                anyFailed = true;
                if (essential.contains(p.stage())) {
                    return JobStatus.FAILED;
                }
            } else {
                anyCompleted = true;
            }
        }
        if (!anyCompleted) {
            return JobStatus.FAILED;
        }
        return anyFailed ? JobStatus.PARTIAL : JobStatus.COMPLETED;
    }
}
