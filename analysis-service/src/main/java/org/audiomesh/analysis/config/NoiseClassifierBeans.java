package org.audiomesh.analysis.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.audiomesh.analysis.noise.NoiseModelRegistry;
import org.audiomesh.analysis.noise.NoiseModelStore;
import org.audiomesh.common.config.AudiomeshConfig;

/** The noise classifier's model store and registry, from {@code audiomesh.analysis.noise.*}. */
@ApplicationScoped
public class NoiseClassifierBeans {

    @Produces
    @Singleton
    NoiseModelStore store() {
        return new NoiseModelStore();
    }

    @Produces
    @Singleton
    NoiseModelRegistry registry(AnalysisConfig config, AudiomeshConfig common, NoiseModelStore store) {
        AnalysisConfig.Noise noise = config.noise();
        if (!(noise.backgroundShare() > 0 && noise.backgroundShare() <= 1)) {
            throw new IllegalStateException("audiomesh.analysis.noise.background-share must be within (0, 1], not "
                    + noise.backgroundShare());
        }
        if (noise.minClipsPerClass() < 2) {
            throw new IllegalStateException("audiomesh.analysis.noise.min-clips-per-class must be at least 2");
        }
        return NoiseModelRegistry.start(store, modelsDir(config, common), noise.accuracyTolerance());
    }

    /** Where trained models go. */
    public static Path modelsDir(AnalysisConfig config, AudiomeshConfig common) {
        return config.noise().modelsDir().map(Path::of)
                .orElse(Path.of(common.dataDir(), "models", "noise-classifier"));
    }
}
