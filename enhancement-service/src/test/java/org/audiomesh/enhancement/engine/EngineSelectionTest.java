package org.audiomesh.enhancement.engine;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.onnx.OnnxInference;
import org.audiomesh.common.onnx.OnnxSettings;
import org.audiomesh.common.worker.StageEngine;
import org.audiomesh.enhancement.config.EnhancementConfig;
import org.audiomesh.enhancement.dfn.DeepFilterNetEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineSelectionTest {
    @TempDir
    Path empty;

    private static Path tinyModels() throws URISyntaxException {
        return Path.of(EngineSelectionTest.class.getResource("/deepfilternet/tiny/enc.onnx").toURI()).getParent();
    }

    private static EnhancementConfig config(String engine, Path models) {
        return new EnhancementConfig() {
            public String engine() {
                return engine;
            }

            public double attenuationDb() {
                return 25;
            }

            public String channelMode() {
                return "per_channel";
            }

            public boolean humRemoval() {
                return true;
            }

            public DeepFilterNet deepfilternet() {
                return new DeepFilterNet() {
                    public String modelDir() {
                        return models.toString();
                    }

                    public int chunkFrames() {
                        return 500;
                    }

                    public int contextFrames() {
                        return 100;
                    }
                };
            }
        };
    }

    private static StageEngine select(String engine, Path models) {
        try (OnnxInference onnx = new OnnxInference(OnnxSettings.defaults())) {
            return new EngineSelection().engine(config(engine, models), new ContractJson(), onnx,
                    new SimpleMeterRegistry());
        }
    }

    @Test
    void autoPicksDeepFilterNetWhenTheFolderHoldsTheThreeGraphs() throws Exception {
        assertEquals(DeepFilterNetEngine.NAME, select("auto", tinyModels()).name());
    }

    @Test
    void autoFallsBackToTheBuiltInEngineWithoutModels() {
        StageEngine e = select("auto", empty);
        assertEquals(BuiltinEnhancementEngine.NAME, e.name());
        assertTrue(e.unavailableReason().isEmpty());
    }

    @Test
    void builtinIsChosenEvenWhenModelsExist() throws Exception {
        assertEquals(BuiltinEnhancementEngine.NAME, select("builtin", tinyModels()).name());
    }

    @Test
    void deepfilternetWithoutModelsIsUnavailableAndNamesTheMissingFiles() {
        StageEngine e = select("deepfilternet", empty);
        assertTrue(e.unavailableReason().orElseThrow().contains("enc.onnx"), e.unavailableReason().get());
        assertTrue(e.unavailableReason().get().contains("df_dec.onnx"));
    }

    @Test
    void unknownEngineNameIsAConfigurationError() {
        assertThrows(IllegalStateException.class, () -> select("magic", empty));
    }
}
