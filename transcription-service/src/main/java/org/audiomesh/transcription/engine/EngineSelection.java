package org.audiomesh.transcription.engine;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.onnx.OnnxInference;
import org.audiomesh.common.onnx.OnnxMetrics;
import org.audiomesh.common.worker.StageEngine;
import org.audiomesh.common.worker.UnavailableEngine;
import org.audiomesh.transcription.config.TranscriptionConfig;
import org.audiomesh.transcription.diarization.Diarizer;
import org.audiomesh.transcription.diarization.GuardedDiarizer;
import org.audiomesh.transcription.diarization.MeteredDiarizer;
import org.audiomesh.transcription.diarization.SpeakerDiarizer;
import org.audiomesh.transcription.vad.SileroVad;
import org.audiomesh.transcription.vad.SileroVadModel;
import org.audiomesh.transcription.vad.SpeechRegions;
import org.audiomesh.transcription.whisper.WhisperModels;
import org.audiomesh.transcription.whisper.WhisperRecognizer;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Chooses the transcription engine from {@code audiomesh.transcription.engine}:
 * <ul>
 *   <li>{@code whisper}: the Whisper ONNX export in {@code whisper.model-dir}; when there is none,
 *   or it cannot be loaded, every request fails with {@code ENGINE_UNAVAILABLE} and health says why;</li>
 *   <li>{@code pocketsphinx}: the built-in PocketSphinx recogniser (US English), likewise
 *   unavailable when it is not installed;</li>
 *   <li>{@code auto}: Whisper when a model is installed and loads, else PocketSphinx.</li>
 * </ul>
 * Silero VAD (built into the service) chooses what either engine transcribes unless
 * {@code vad.enabled=false}; when it cannot be loaded the stage transcribes everything and says
 * so in the log and the result ({@code vad: none}).
 */
@ApplicationScoped
public class EngineSelection {
    private static final Logger LOG = Logger.getLogger(EngineSelection.class);
    public static final String WHISPER = WhisperRecognizer.NAME;

    private SpeakerDiarizer diarizer = new Diarizer();
    private final ExecutorService diarizationThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "audiomesh-diarization");
        t.setDaemon(true);
        return t;
    });

    @Produces
    @ApplicationScoped
    StageEngine engine(TranscriptionConfig config, ContractJson json, OnnxInference onnx, MeterRegistry registry,
                       GuardedDiarizer diarizer) {
        this.diarizer = new MeteredDiarizer(diarizer, registry);
        String choice = config.engine().strip();
        SileroVad vad = config.vad().enabled() ? vad(config, onnx) : null;
        Path whisperDir = Path.of(config.whisper().modelDir());
        StageEngine engine = switch (choice) {
            case PocketSphinxRecognizer.NAME -> stage(pocketSphinx(config), config, vad, json);
            case WHISPER -> {
                Optional<WhisperModels> models = whisper(whisperDir, onnx, json, registry);
                yield models.<StageEngine>map(m -> stage(new WhisperRecognizer(m), config, vad, json))
                        .orElseGet(() -> new UnavailableEngine(Stage.TRANSCRIPTION, whisperUnavailable(whisperDir)));
            }
            case "auto" -> {
                Optional<WhisperModels> models = WhisperModels.missing(whisperDir).isEmpty()
                        ? whisper(whisperDir, onnx, json, registry) : Optional.empty();
                yield models.<StageEngine>map(m -> stage(new WhisperRecognizer(m), config, vad, json))
                        .orElseGet(() -> stage(pocketSphinx(config), config, vad, json));
            }
            default -> throw new IllegalStateException("unknown transcription engine '" + choice
                    + "'; choose auto, pocketsphinx or whisper");
        };
        OnnxMetrics.bind(registry, onnx); // the VAD's session and where it runs, Whisper's too when loaded
        engine.unavailableReason().ifPresentOrElse(
                r -> LOG.warnf("transcription engine unavailable, every request will fail with ENGINE_UNAVAILABLE: %s", r),
                () -> LOG.infof("transcription engine: %s, voice activity: %s", engine.name(),
                        vad == null ? "none" : "silero-vad"));
        return engine;
    }

    private String whisperUnavailable(Path dir) {
        return WhisperModels.missing(dir).orElse("the Whisper model in " + dir.toAbsolutePath()
                + " could not be loaded (see the log)");
    }

    private static Optional<WhisperModels> whisper(Path dir, OnnxInference onnx, ContractJson json,
                                                   MeterRegistry registry) {
        if (WhisperModels.missing(dir).isPresent()) {
            return Optional.empty();
        }
        try {
            WhisperModels models = WhisperModels.load(dir, onnx, json.mapper());
            OnnxMetrics.bind(registry, onnx);
            LOG.infof("Whisper model (%s layout) loaded from %s on %s", models.model().layout(), dir.toAbsolutePath(),
                    models.sessions().get(0).provider().id());
            return Optional.of(models);
        } catch (Exception e) {
            LOG.errorf(e, "the Whisper model in %s could not be loaded", dir.toAbsolutePath());
            return Optional.empty();
        }
    }

    private static SileroVad vad(TranscriptionConfig config, OnnxInference onnx) {
        try {
            return new SileroVad(SileroVadModel.load(config.vad().model(), onnx));
        } catch (Exception e) {
            LOG.warnf("Silero VAD could not be loaded, every file is transcribed whole: %s", e.getMessage());
            return null;
        }
    }

    private static PocketSphinxRecognizer pocketSphinx(TranscriptionConfig config) {
        return new PocketSphinxRecognizer(config.pocketsphinx().binary(), Path.of(config.pocketsphinx().modelDir()));
    }

    private StageEngine stage(SpeechRecognizer recognizer, TranscriptionConfig config, SileroVad vad, ContractJson json) {
        SpeechRegions.Settings vadSettings = new SpeechRegions.Settings(config.vad().threshold(), 250, 100, 30);
        return new TranscriptionStage(recognizer, config.chunkSeconds(), vad, vadSettings, config.whisper().beamSize(),
                config.diarization().enabled() ? diarizer : null, diarizationThreads, json.mapper());
    }

    @PreDestroy
    void shutdown() {
        diarizationThreads.shutdownNow();
    }
}
