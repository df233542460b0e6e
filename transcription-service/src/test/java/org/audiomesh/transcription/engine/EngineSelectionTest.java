package org.audiomesh.transcription.engine;

import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.worker.StageEngine;
import org.audiomesh.transcription.config.TranscriptionConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineSelectionTest {

    private static TranscriptionConfig config(String engine, String binary) {
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
        };
    }

    private static StageEngine select(String engine, String binary) {
        EngineSelection s = new EngineSelection();
        try {
            return s.engine(config(engine, binary), new ContractJson());
        } finally {
            s.shutdown();
        }
    }

    @Test
    void autoAndPocketsphinxSelectThePocketSphinxStage() {
        assertEquals("pocketsphinx", select("auto", "pocketsphinx_continuous").name());
        assertEquals("pocketsphinx", select("pocketsphinx", "pocketsphinx_continuous").name());
    }

    @Test
    void withoutThePocketSphinxProgramAutoIsUnavailableAndSaysHowToInstallIt() {
        StageEngine e = select("auto", "/nonexistent/pocketsphinx_continuous");
        assertTrue(e.unavailableReason().orElseThrow().contains("apt-get install pocketsphinx pocketsphinx-en-us"));
    }

    @Test
    void whisperIsNotInThisBuildAndAnUnknownNameIsAConfigurationError() {
        assertTrue(select("whisper", "pocketsphinx_continuous").unavailableReason().orElseThrow().contains("Whisper"));
        assertThrows(IllegalStateException.class, () -> select("vosk", "pocketsphinx_continuous"));
    }
}
