package org.audiomesh.separation.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.worker.StageEngine;
import org.audiomesh.common.worker.UnavailableEngine;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses the separation engine from {@code audiomesh.separation.engine}. No separation engine ships in this build
 * yet, so every request is answered with an honest {@code ENGINE_UNAVAILABLE} and the pipelines
 * degrade as ARCHITECTURE §5 describes.
 */
@ApplicationScoped
public class EngineSelection {

    @Produces
    @ApplicationScoped
    StageEngine engine(@ConfigProperty(name = "audiomesh.separation.engine") String choice) {
        return new UnavailableEngine(Stage.SEPARATION, "no separation engine is installed in this build (requested: " + choice + ")");
    }
}
