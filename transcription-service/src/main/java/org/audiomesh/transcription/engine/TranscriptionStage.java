package org.audiomesh.transcription.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.audiomesh.common.contract.Stage;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.audiomesh.common.storage.ScratchFolders;
import org.audiomesh.common.worker.EngineInput;
import org.audiomesh.common.worker.EngineResult;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.common.worker.StageEngine;
import org.audiomesh.transcription.diarization.Diarizer;
import org.audiomesh.transcription.diarization.SpeakerDiarizer;
import org.audiomesh.transcription.diarization.SpeakerTurn;
import org.audiomesh.transcription.diarization.SpeakerTurns;
import org.audiomesh.transcription.lyrics.LyricsAligner;
import org.audiomesh.transcription.transcript.AssFormat;
import org.audiomesh.transcription.transcript.LrcFormat;
import org.audiomesh.transcription.transcript.Segment;
import org.audiomesh.transcription.transcript.Segmenter;
import org.audiomesh.transcription.transcript.SrtFormat;
import org.audiomesh.transcription.transcript.Transcript;
import org.audiomesh.transcription.transcript.TranscriptFormat;
import org.audiomesh.transcription.transcript.VttFormat;
import org.audiomesh.transcription.transcript.Word;
import org.audiomesh.transcription.vad.SileroVad;
import org.audiomesh.transcription.vad.SpeechRegions;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The transcription stage: recognises the input chunk by chunk ({@link ChunkedRecognition}),
 * labels speakers with a {@link Diarizer} running on another thread at the same time, aligns
 * known lyrics when the request has them ({@link LyricsAligner}), and writes
 * {@code transcript.json}, {@code transcript.srt}, {@code transcript.vtt}, {@code lyrics.lrc} and
 * {@code lyrics.ass}. A failed diarization is recoverable: the words are labelled
 * {@value Segment#UNKNOWN_SPEAKER} and the result says why; a failed recognition fails the stage.
 */
public final class TranscriptionStage implements StageEngine {
    private static final Logger LOG = Logger.getLogger(TranscriptionStage.class);
    /** Name of the diarization method in results. */
    public static final String DIARIZER = "mfcc-bic";
    /** Language reported when it was to be detected but the input had no speech (ISO 639-2 "und"). */
    public static final String UNDETERMINED = "und";

    private final SpeechRecognizer recognizer;
    private final int chunkSeconds;
    private final SileroVad vad;
    private final SpeechRegions.Settings vadSettings;
    private final int defaultBeamSize;
    private final SpeakerDiarizer diarizer;
    private final ExecutorService diarizationThreads;
    private final ObjectMapper mapper;
    private final List<TranscriptFormat> formats = List.of(new SrtFormat(), new VttFormat(), new AssFormat(),
            new LrcFormat());

    /**
     * @param chunkSeconds       longest piece handed to the recogniser (seconds)
     * @param diarizer           labels speakers, or null to leave them unknown
     * @param diarizationThreads runs the diarizer beside the recogniser
     */
    public TranscriptionStage(SpeechRecognizer recognizer, int chunkSeconds, SpeakerDiarizer diarizer,
                              ExecutorService diarizationThreads, ObjectMapper mapper) {
        this(recognizer, chunkSeconds, null, SpeechRegions.Settings.defaults(), 1, diarizer, diarizationThreads, mapper);
    }

    /**
     * @param vad             voice-activity detector choosing what is transcribed, or null for everything
     * @param defaultBeamSize beams when the request does not say
     */
    public TranscriptionStage(SpeechRecognizer recognizer, int chunkSeconds, SileroVad vad,
                              SpeechRegions.Settings vadSettings, int defaultBeamSize, SpeakerDiarizer diarizer,
                              ExecutorService diarizationThreads, ObjectMapper mapper) {
        this.recognizer = recognizer;
        this.chunkSeconds = chunkSeconds;
        this.vad = vad;
        this.vadSettings = vadSettings;
        this.defaultBeamSize = defaultBeamSize;
        this.diarizer = diarizer;
        this.diarizationThreads = diarizationThreads;
        this.mapper = mapper;
    }

    @Override
    public Stage stage() {
        return Stage.TRANSCRIPTION;
    }

    @Override
    public String name() {
        return recognizer.name();
    }

    @Override
    public Optional<String> unavailableReason() {
        return recognizer.unavailableReason();
    }

    @Override
    public EngineResult process(EngineInput input, ProgressListener progress) {
        Optional<String> unavailable = recognizer.unavailableReason();
        if (unavailable.isPresent()) {
            throw new ProcessingException(ErrorCode.ENGINE_UNAVAILABLE, unavailable.get(), false);
        }
        TranscriptionOptions options = TranscriptionOptions.parse(input.options());
        String language = language(options);
        Future<List<SpeakerTurn>> diarization = diarizer == null ? null
                : diarizationThreads.submit(() -> diarizer.diarize(input.audio(), options.numSpeakers().orElse(0)));
        Path work = null;
        try {
            work = Files.createTempDirectory("audiomesh-transcription-");
            RecognitionOptions recognition = new RecognitionOptions(options.translate(), options.prompt().orElse(null),
                    options.beamSize().orElse(defaultBeamSize));
            ChunkedRecognition.Result recognised = new ChunkedRecognition(recognizer, chunkSeconds, vad, vadSettings)
                    .recognize(input.audio(), input.format().durationSeconds(), work, f -> progress.progress(0.9 * f),
                            language, recognition);
            if (recognised.session().language() != null) {
                language = recognised.session().language();
            } else if (language == null) {
                language = UNDETERMINED; // nothing to detect it on: no speech
            }
            ObjectNode diarizationReport = mapper.createObjectNode();
            SpeakerTurns turns = speakers(diarization, diarizationReport, progress);
            double duration = recognised.durationSeconds();

            ObjectNode alignmentReport = null;
            List<Segment> segments;
            if (options.lyrics().isPresent()) {
                LyricsAligner.Alignment a = LyricsAligner.align(options.lyrics().get(), recognised.words(), duration);
                segments = lyricSegments(a, turns);
                alignmentReport = mapper.createObjectNode()
                        .put("known_words", a.matched() + a.substituted() + a.interpolated())
                        .put("recognised_words", recognised.words().size())
                        .put("matched", a.matched())
                        .put("substituted", a.substituted())
                        .put("interpolated", a.interpolated());
            } else {
                segments = Segmenter.segments(recognised.words(), turns::speakerOf);
            }
            Transcript transcript = Transcript.of(language, duration, recognizer.name(), segments);
            diarizationReport.put("speakers", transcript.speakers().stream()
                    .filter(s -> !Segment.UNKNOWN_SPEAKER.equals(s)).count());

            for (TranscriptFormat f : formats) {
                byte[] text = f.render(transcript).getBytes(StandardCharsets.UTF_8);
                input.outputs().write(f.fileName(), out -> out.write(text));
            }
            ObjectNode json = mapper.valueToTree(transcript);
            json.set("speakers", mapper.valueToTree(transcript.speakers()));
            json.set("diarization", diarizationReport);
            if (alignmentReport != null) {
                json.set("lyrics_alignment", alignmentReport);
            }
            input.outputs().write("transcript.json",
                    out -> mapper.writerWithDefaultPrettyPrinter().writeValue(out, json));

            ObjectNode result = mapper.createObjectNode();
            result.put("engine", recognizer.name());
            result.put("language", language);
            result.put("mode", options.lyrics().isPresent() ? "lyrics_alignment" : "transcription");
            result.put("duration_seconds", transcript.duration());
            result.put("word_count", transcript.wordCount());
            result.put("segment_count", segments.size());
            result.put("chunks", recognised.chunks());
            result.put("speech_seconds", Math.round(recognised.speechSeconds() * 1000) / 1000.0);
            result.put("vad", vad == null ? "none" : "silero-vad");
            recognised.session().details().forEach((k, v) -> result.set(k, mapper.valueToTree(v)));
            result.set("speakers", json.get("speakers"));
            result.set("diarization", diarizationReport);
            if (alignmentReport != null) {
                result.set("lyrics_alignment", alignmentReport);
            }
            result.put("text", transcript.text());
            progress.progress(1);
            return new EngineResult(result);
        } catch (IOException e) {
            throw new ProcessingException(ErrorCode.STORAGE_ERROR, "could not read the input or store the "
                    + "transcript: " + e.getMessage(), true, e);
        } finally {
            if (diarization != null) {
                diarization.cancel(true);
            }
            String leftover = ScratchFolders.delete(work);
            if (leftover != null) {
                LOG.warnf("could not delete the temporary folder %s: %s", work, leftover);
            }
        }
    }

    /** The language to transcribe, or null when the recogniser is to detect it. */
    private String language(TranscriptionOptions options) {
        if (options.translate() && !recognizer.translates()) {
            throw ProcessingException.badInput(ErrorCode.INVALID_OPTION, "the " + recognizer.name()
                    + " engine cannot translate (task 'transcribe' only)");
        }
        String base = options.baseLanguage();
        if ("auto".equals(base) && recognizer.detectsLanguage()) {
            return null;
        }
        String language = "auto".equals(base) ? "en" : base; // a recogniser that cannot detect knows English
        if (!recognizer.supportsLanguage(language)) {
            throw ProcessingException.badInput(ErrorCode.INVALID_OPTION, recognizer.detectsLanguage()
                    ? "the " + recognizer.name() + " model does not know language '" + options.language() + "'"
                    : "the " + recognizer.name() + " engine transcribes English only (language 'en' or 'auto'), not '"
                    + options.language() + "'");
        }
        return language;
    }

    /** Waits for the diarizer; its failure leaves every word with an unknown speaker. */
    private SpeakerTurns speakers(Future<List<SpeakerTurn>> diarization, ObjectNode report, ProgressListener progress) {
        report.put("engine", DIARIZER);
        if (diarization == null) {
            report.put("status", "disabled");
            return SpeakerTurns.unknown();
        }
        try {
            while (true) {
                try {
                    List<SpeakerTurn> turns = diarization.get(200, TimeUnit.MILLISECONDS);
                    report.put("status", "completed");
                    return new SpeakerTurns(turns);
                } catch (TimeoutException e) {
                    progress.progress(0.9); // lets the worker cancel a stage over its time budget
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            LOG.warnf("diarization failed, speakers unknown: %s", cause.toString());
            report.put("status", "failed");
            report.put("message", String.valueOf(cause.getMessage() == null ? cause : cause.getMessage()));
            return SpeakerTurns.unknown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for the diarization");
        }
    }

    private static List<Segment> lyricSegments(LyricsAligner.Alignment alignment, SpeakerTurns turns) {
        List<Segment> segments = new ArrayList<>();
        for (LyricsAligner.AlignedLine line : alignment.lines()) {
            List<Word> words = line.words();
            if (!words.isEmpty()) {
                String speaker = turns.speakerOf(words.get(0).start(), words.get(words.size() - 1).end());
                segments.add(Segment.of(segments.size(), speaker, words));
            }
        }
        return segments;
    }
}
