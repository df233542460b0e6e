package org.audiomesh.transcription.whisper;

import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.audiomesh.common.onnx.OnnxException;
import org.audiomesh.transcription.engine.RecognitionOptions;
import org.audiomesh.transcription.engine.SpeechRecognizer;
import org.audiomesh.transcription.transcript.Word;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Whisper ONNX engine as a {@link SpeechRecognizer}: each recording gets a
 * {@link WhisperTranscriber} (language detected once, previous text carried from piece to
 * piece); its segments' words become the stage's words.
 */
public final class WhisperRecognizer implements SpeechRecognizer {
    public static final String NAME = "whisper";

    private final WhisperModels models;

    public WhisperRecognizer(WhisperModels models) {
        this.models = models;
    }

    public WhisperModels models() {
        return models;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public boolean supportsLanguage(String language) {
        return models.vocabulary().multilingual() ? models.vocabulary().languages().containsKey(language)
                : "en".equals(language);
    }

    @Override
    public boolean detectsLanguage() {
        return models.vocabulary().multilingual();
    }

    @Override
    public boolean translates() {
        return models.vocabulary().multilingual();
    }

    @Override
    public List<Word> recognize(Path wav, Runnable heartbeat) {
        throw new UnsupportedOperationException("the Whisper engine takes samples through open()");
    }

    @Override
    public Session open(String language, RecognitionOptions options) {
        WhisperTranscriber transcriber = new WhisperTranscriber(models.model(), models.tokenizer(),
                models.vocabulary(), new WhisperTranscriber.Options(language, options.translate(), options.prompt(),
                options.beamSize(), 0x5eedL, true));
        return new Session() {
            @Override
            public List<Word> recognize(float[] samples, Path work, Runnable heartbeat) {
                List<Word> words = new ArrayList<>();
                try {
                    for (WhisperTranscriber.Segment s : transcriber.transcribe(samples, 0, heartbeat)) {
                        for (WhisperTranscriber.WordTime w : s.words()) {
                            if (!w.word().isBlank()) {
                                words.add(new Word(w.word().strip(), Math.max(0, w.start()),
                                        Math.max(Math.max(0, w.start()), w.end()), w.probability()));
                            }
                        }
                    }
                } catch (OnnxException e) {
                    throw new ProcessingException(ErrorCode.ENGINE_ERROR, "Whisper inference failed: "
                            + e.getMessage(), true, e);
                }
                return words;
            }

            @Override
            public String language() {
                return transcriber.language();
            }

            @Override
            public Map<String, Object> details() {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("model_layout", models.model().layout());
                d.put("word_timing", transcriber.wordTiming());
                if (!transcriber.languageProbabilities().isEmpty()) {
                    Map<String, Double> top = new LinkedHashMap<>();
                    transcriber.languageProbabilities().entrySet().stream().limit(5)
                            .forEach(e -> top.put(e.getKey(), Math.round(e.getValue() * 10000) / 10000.0));
                    d.put("language_probabilities", top);
                }
                d.put("beam_size", options.beamSize());
                d.put("task", options.translate() ? "translate" : "transcribe");
                return d;
            }
        };
    }
}
