package org.audiomesh.enhancement.engine;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.onnx.OnnxInference;
import org.audiomesh.common.onnx.OnnxSettings;
import org.audiomesh.common.worker.StageEngine;
import org.audiomesh.enhancement.config.EnhancementConfig;
import org.audiomesh.enhancement.dfn.DeepFilterNetEngine;
import org.audiomesh.enhancement.dfn.HybridEnhancementEngine;
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
        return config(engine, models, 0.35);
    }

    private static EnhancementConfig config(String engine, Path models, double networkShare) {
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

            public Hybrid hybrid() {
                return () -> networkShare;
            }
        };
    }

    private static StageEngine select(String engine, Path models) {
        return select(config(engine, models));
    }

    private static StageEngine select(EnhancementConfig config) {
        try (OnnxInference onnx = new OnnxInference(OnnxSettings.defaults())) {
            return new EngineSelection().engine(config, new ContractJson(), onnx, new SimpleMeterRegistry());
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
    void hybridRunsTheBuiltInEngineAndDeepFilterNetTogether() throws Exception {
        StageEngine e = select("hybrid", tinyModels());
        assertEquals(HybridEnhancementEngine.NAME, e.name());
        assertTrue(e.unavailableReason().isEmpty());
    }

    @Test
    void hybridWithoutModelsIsUnavailableAndNamesTheMissingFiles() {
        StageEngine e = select("hybrid", empty);
        assertTrue(e.unavailableReason().orElseThrow().contains("enc.onnx"), e.unavailableReason().get());
    }

    @Test
    void hybridNetworkShareOutsideZeroToOneIsAConfigurationError() throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> select(config("hybrid", tinyModels(), 1.5)));
        assertTrue(e.getMessage().contains("network-share"), e.getMessage());
    }

    @Test
    void unknownEngineNameIsAConfigurationError() {
        assertThrows(IllegalStateException.class, () -> select("magic", empty));
    }
}
