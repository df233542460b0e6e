package org.audiomesh.separation.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.onnx.ExecutionProvider;
import org.audiomesh.common.onnx.OnnxInference;
import org.audiomesh.common.onnx.OnnxSettings;
import org.audiomesh.common.worker.StageEngine;
import org.audiomesh.separation.config.SeparationConfig;
import org.audiomesh.separation.onnx.TestGraphs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineSelectionTest {

    private static StageEngine select(String choice) {
        return select(choice, null);
    }

    static StageEngine select(String choice, Path modelDir) {
        return select(choice, modelDir, new SimpleMeterRegistry());
    }

    static StageEngine select(String choice, Path modelDir, MeterRegistry registry) {
        SeparationConfig config = new SeparationConfig() {
            @Override
            public String engine() {
                return choice;
            }

            @Override
            public Optional<Path> scratchDir() {
                return Optional.empty();
            }

            @Override
            public Optional<Path> modelDir() {
                return Optional.ofNullable(modelDir);
            }
        };
        return new EngineSelection().engine(config, new ContractJson(),
                new OnnxInference(new OnnxSettings(ExecutionProvider.parseList("cuda,cpu"), 0, 0)), registry);
    }

    @Test
    void autoAndBuiltinRunTheBuiltInSeparator() {
        assertEquals("builtin", select("auto").name());
        assertTrue(select("auto").unavailableReason().isEmpty());
        assertEquals("builtin", select("builtin").name());
    }

    @Test
    void onnxEnginesWithoutTheirModelAreReportedUnavailableWithTheReason() {
        assertTrue(select("htdemucs").unavailableReason().orElseThrow().contains("no HTDemucs model"));
        assertTrue(select("mdx").unavailableReason().orElseThrow().contains("no MDX model"));
    }

    @Test
    void autoPrefersAnHtdemucsModelThenAnMdxModel(@TempDir Path models) throws Exception {
        Files.writeString(models.resolve("mdx.json"), "{\"compensate\": 1.0, \"mdx_dim_f_set\": 64, "
                + "\"mdx_dim_t_set\": 4, \"mdx_n_fft_scale_set\": 256, \"hop_length\": 64, \"primary_stem\": \"Vocals\"}");
        TestGraphs.mdxLeftChannel(models.resolve("mdx.onnx"), 64, 16);
        assertEquals("mdx", select("auto", models).name());
        TestGraphs.htdemucs(models.resolve("htdemucs.onnx"));
        StageEngine engine = select("auto", models);
        assertEquals("htdemucs", engine.name());
        assertTrue(engine.unavailableReason().isEmpty());
        assertEquals("mdx", select("mdx", models).name());
    }

    /** The exports of tools/separation-reference (real HTDemucs architecture, MDX-style net) as model folders. */
    @Test
    void theReferenceExportsLoadFromAModelFolder() throws Exception {
        for (String engine : new String[] {"htdemucs", "mdx"}) {
            Path folder = Path.of(EngineSelectionTest.class.getResource("/reference/" + engine + "-tiny").toURI());
            StageEngine selected = select(engine, folder);
            assertEquals(engine, selected.name());
            assertTrue(selected.unavailableReason().isEmpty(), () -> selected.unavailableReason().orElseThrow());
        }
    }

    @Test
    void metricsSayWhichModelRunsOnWhichProviderAndThatCudaFellBack() throws Exception {
        Path folder = Path.of(EngineSelectionTest.class.getResource("/reference/htdemucs-tiny").toURI());
        MeterRegistry registry = new SimpleMeterRegistry();
        assertEquals("htdemucs", select("htdemucs", folder, registry).name());
        // the test class path holds the CPU build of ONNX Runtime: CUDA was asked for and fell back
        assertEquals(1.0, registry.get("audiomesh.onnx.session").tags("model", "htdemucs", "provider", "cpu").gauge().value());
        assertEquals(1.0, registry.get("audiomesh.onnx.cuda.fallback").gauge().value());
    }

    @Test
    void aModelThatDoesNotLoadMakesItsEngineUnavailableAndAutoFallsBack(@TempDir Path models) throws Exception {
        Files.write(models.resolve("htdemucs.onnx"), new byte[] {1, 2, 3, 4});
        assertTrue(select("htdemucs", models).unavailableReason().orElseThrow().contains("does not load"));
        assertEquals("builtin", select("auto", models).name());
    }

    @Test
    void anUnknownEngineStopsStartUp() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> select("spleeter"));
        assertTrue(e.getMessage().contains("auto, builtin, htdemucs or mdx"));
    }
}
