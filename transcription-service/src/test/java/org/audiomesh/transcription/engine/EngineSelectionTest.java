package org.audiomesh.transcription.engine;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.onnx.OnnxInference;
import org.audiomesh.common.onnx.OnnxSettings;
import org.audiomesh.common.worker.StageEngine;
import org.audiomesh.transcription.config.TranscriptionConfig;
import org.audiomesh.transcription.diarization.GuardedDiarizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineSelectionTest {
    static final Path WHISPER_A = Path.of("src/test/resources/whisper/layout-a");
    private static final OnnxInference ONNX = new OnnxInference(OnnxSettings.defaults());

    @AfterAll
    static void close() {
        ONNX.close();
    }

    static TranscriptionConfig config(String engine, String binary, Path whisperDir) {
        return new TranscriptionConfig() {
            @Override
            public String engine() {
                return engine;
            }

            @Override
            public int chunkSeconds() {
                return 30;
            }

            @Override
            public PocketSphinx pocketsphinx() {
                return new PocketSphinx() {
                    @Override
                    public String binary() {
                        return binary;
                    }

                    @Override
                    public String modelDir() {
                        return "/usr/share/pocketsphinx/model/en-us";
                    }
                };
            }

            @Override
            public Diarization diarization() {
                return () -> true;
            }

            @Override
            public Whisper whisper() {
                return new Whisper() {
                    @Override
                    public String modelDir() {
                        return whisperDir.toString();
                    }

                    @Override
                    public int beamSize() {
                        return 1;
                    }
                };
            }

            @Override
            public Vad vad() {
                return new Vad() {
                    @Override
                    public boolean enabled() {
                        return true;
                    }

                    @Override
                    public String model() {
                        return "builtin";
                    }

                    @Override
                    public double threshold() {
                        return 0.5;
                    }
                };
            }
        };
    }

    private static StageEngine select(String engine, String binary, Path whisperDir) {
        EngineSelection s = new EngineSelection();
        try {
            return s.engine(config(engine, binary, whisperDir), new ContractJson(), ONNX, new SimpleMeterRegistry(),
                    new GuardedDiarizer());
        } finally {
            s.shutdown();
        }
    }

    @Test
    void withoutAWhisperModelAutoAndPocketsphinxSelectThePocketSphinxStage() {
        Path none = Path.of("target/no-whisper-here");
        assertEquals("pocketsphinx", select("auto", "pocketsphinx_continuous", none).name());
        assertEquals("pocketsphinx", select("pocketsphinx", "pocketsphinx_continuous", WHISPER_A).name());
    }

    @Test
    void withAWhisperModelAutoAndWhisperSelectTheWhisperStage() {
        assertEquals("whisper", select("auto", "pocketsphinx_continuous", WHISPER_A).name());
        assertEquals("whisper", select("whisper", "/nonexistent/pocketsphinx_continuous", WHISPER_A).name());
    }

    @Test
    void withoutThePocketSphinxProgramAutoIsUnavailableAndSaysHowToInstallIt() {
        StageEngine e = select("auto", "/nonexistent/pocketsphinx_continuous", Path.of("target/no-whisper-here"));
        assertTrue(e.unavailableReason().orElseThrow().contains("apt-get install pocketsphinx pocketsphinx-en-us"));
    }

    @Test
    void whisperWithoutAModelIsUnavailableAndSaysWhereItLookedAndAnUnknownNameIsAConfigurationError() {
        String reason = select("whisper", "pocketsphinx_continuous", Path.of("target/no-whisper-here"))
                .unavailableReason().orElseThrow();
        assertTrue(reason.contains("no Whisper model folder") && reason.contains("no-whisper-here"), reason);
        assertThrows(IllegalStateException.class,
                () -> select("vosk", "pocketsphinx_continuous", Path.of("target/no-whisper-here")));
    }
}
