package org.audiomesh.analysis.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.audiomesh.analysis.engine.BeatAnalysisEngine;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.worker.StageEngine;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses the analysis engine from {@code audiomesh.analysis.engine}: {@code auto} and
 * {@code beat-dp} select the built-in onset/tempo/dynamic-programming engine, the only one so far.
 */
@ApplicationScoped
public class EngineSelection {

    @Produces
    @ApplicationScoped
    StageEngine engine(@ConfigProperty(name = "audiomesh.analysis.engine") String choice, ContractJson json) {
        if (!"auto".equals(choice) && !BeatAnalysisStage.NAME.equals(choice)) {
            throw new IllegalStateException("unknown analysis engine '" + choice + "'; choose auto or "
                    + BeatAnalysisStage.NAME);
        }
        return new BeatAnalysisStage(new BeatAnalysisEngine(), json.mapper());
    }
}
