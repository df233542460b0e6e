package org.audiomesh.analysis.worker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.audiomesh.analysis.config.AnalysisConfig;
import org.audiomesh.analysis.engine.KeyEstimator;
import org.audiomesh.analysis.engine.MusicAnalysisEngine;
import org.audiomesh.analysis.engine.OnsetStrength;
import org.audiomesh.analysis.engine.RhythmAnalyzer;
import org.audiomesh.analysis.noise.BackgroundNoiseClassifier;
import org.audiomesh.analysis.noise.NoiseModelRegistry;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.worker.StageEngine;

/**
 * Chooses the analysis engine from {@code audiomesh.analysis.engine}: {@code auto} and
 * {@code beat-dp} select the built-in engine (onset strength, tempo, dynamic-programming beats,
 * meter, key and loudness), the only one so far; with {@code audiomesh.analysis.noise.enabled} it
 * also classifies the background noise with the model in service.
 */
@ApplicationScoped
public class EngineSelection {

    @Produces
    @ApplicationScoped
    StageEngine engine(AnalysisConfig config, ContractJson json, NoiseModelRegistry noiseModels) {
        String choice = config.engine();
        if (!"auto".equals(choice) && !MusicAnalysisStage.NAME.equals(choice)) {
            throw new IllegalStateException("unknown analysis engine '" + choice + "'; choose auto or "
                    + MusicAnalysisStage.NAME);
        }
        if (!(config.tempoPriorBpm() >= 30 && config.tempoPriorBpm() <= 300)) {
            throw new IllegalStateException("audiomesh.analysis.tempo-prior-bpm must be within 30..300, not "
                    + config.tempoPriorBpm());
        }
        RhythmAnalyzer.Settings d = RhythmAnalyzer.Settings.DEFAULTS;
        RhythmAnalyzer rhythm = new RhythmAnalyzer(new RhythmAnalyzer.Settings(config.tempoPriorBpm(), d.tightness(),
                d.minDurationSeconds(), d.silencePeakLevel(), d.minTempoConfidence()));
        boolean noise = config.noise().enabled();
        return new MusicAnalysisStage(new MusicAnalysisEngine(rhythm, new KeyEstimator(), OnsetStrength::new,
                noise ? noiseModels::current : () -> null,
                new BackgroundNoiseClassifier(config.noise().backgroundShare())), json.mapper());
    }
}
