package org.audiomesh.transcription.engine;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.worker.StageEngine;
import org.audiomesh.common.worker.UnavailableEngine;
import org.audiomesh.transcription.config.TranscriptionConfig;
import org.audiomesh.transcription.diarization.Diarizer;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Chooses the transcription engine from {@code audiomesh.transcription.engine}:
 * <ul>
 *   <li>{@code pocketsphinx}: the built-in PocketSphinx recogniser; when it is not installed every
 *   request fails with {@code ENGINE_UNAVAILABLE} and health says why;</li>
 *   <li>{@code whisper}: the Whisper ONNX engine, not part of this build yet (it waits for the
 *   shared ONNX Runtime wrapper), so it is reported unavailable;</li>
 *   <li>{@code auto}: the best engine that can run, today PocketSphinx when installed, else
 *   unavailable.</li>
 * </ul>
 */
@ApplicationScoped
public class EngineSelection {
    private static final Logger LOG = Logger.getLogger(EngineSelection.class);
    public static final String WHISPER = "whisper";

    private final ExecutorService diarizationThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "audiomesh-diarization");
        t.setDaemon(true);
        return t;
    });

    @Produces
    @ApplicationScoped
    StageEngine engine(TranscriptionConfig config, ContractJson json) {
        String choice = config.engine().strip();
        StageEngine engine = switch (choice) {
            case "auto", PocketSphinxRecognizer.NAME -> pocketSphinx(config, json);
            case WHISPER -> new UnavailableEngine(Stage.TRANSCRIPTION, "the Whisper ONNX engine is not part of this "
                    + "build yet; use audiomesh.transcription.engine=pocketsphinx or auto");
            default -> throw new IllegalStateException("unknown transcription engine '" + choice
                    + "'; choose auto, pocketsphinx or whisper");
        };
        engine.unavailableReason().ifPresentOrElse(
                r -> LOG.warnf("transcription engine unavailable, every request will fail with ENGINE_UNAVAILABLE: %s", r),
                () -> LOG.infof("transcription engine: %s", engine.name()));
        return engine;
    }

    private StageEngine pocketSphinx(TranscriptionConfig config, ContractJson json) {
        PocketSphinxRecognizer recognizer = new PocketSphinxRecognizer(config.pocketsphinx().binary(),
                Path.of(config.pocketsphinx().modelDir()));
        return new TranscriptionStage(recognizer, config.chunkSeconds(),
                config.diarization().enabled() ? new Diarizer() : null,
                diarizationThreads, json.mapper());
    }

    @PreDestroy
    void shutdown() {
        diarizationThreads.shutdownNow();
    }
}
