package org.audiomesh.enhancement.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.worker.StageEngine;
import org.audiomesh.common.worker.UnavailableEngine;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses the enhancement engine from {@code audiomesh.enhancement.engine}. No enhancement engine ships in this build
 * yet, so every request is answered with an honest {@code ENGINE_UNAVAILABLE} and the pipelines
 * degrade as ARCHITECTURE §5 describes.
 */
@ApplicationScoped
public class EngineSelection {

    @Produces
    @ApplicationScoped
    StageEngine engine(@ConfigProperty(name = "audiomesh.enhancement.engine") String choice) {
        return new UnavailableEngine(Stage.ENHANCEMENT, "no enhancement engine is installed in this build (requested: " + choice + ")");
    }
}
