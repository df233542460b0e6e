package org.audiomesh.gateway.job;

import org.audiomesh.common.contract.Stage;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Typed reading of a job hash. */
public record JobState(String id, Map<String, String> fields) {

    public JobStatus status() {
        return JobStatus.valueOf(fields.getOrDefault(JobFields.STATUS, JobStatus.QUEUED.name()));
    }

    public String pipeline() {
        return fields.get(JobFields.PIPELINE);
    }

    public StageStatus stageStatus(Stage s) {
        String v = fields.get(JobFields.status(s));
        return v == null ? null : StageStatus.valueOf(v);
    }

    public Map<Stage, StageStatus> stageStatuses(List<Stage> stages) {
        Map<Stage, StageStatus> m = new EnumMap<>(Stage.class);
        for (Stage s : stages) {
            StageStatus st = stageStatus(s);
            if (st != null) {
                m.put(s, st);
            }
        }
        return m;
    }

    public String get(String field) {
        return fields.get(field);
    }
}
