package org.audiomesh.transcription.whisper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Transcribes a recording piece by piece the way openai/whisper's {@code transcribe} does, one
 * instance per recording: the language is detected once (on the first piece) unless given;
 * each piece's log-mel is cut into 30 s windows; a window is decoded at temperature 0 and
 * again hotter (0.2 … 1.0) while the text is too repetitive (zlib compression ratio &gt; 2.4) or
 * too improbable (mean log-probability &lt; −1), unless it is silence; a window whose no-speech
 * probability is above 0.6 (and whose text is improbable) is skipped; consecutive timestamp
 * tokens cut segments, and the next window starts at the last complete segment; previous text
 * conditions the next window unless a temperature above 0.5 was needed; words are timed by
 * cross-attention DTW when the export gives attention, otherwise by timestamp tokens and
 * character-length interpolation ({@link #wordTiming()} says which).
 */
public final class WhisperTranscriber {
    static final double[] TEMPERATURES = {0.0, 0.2, 0.4, 0.6, 0.8, 1.0};
    static final double COMPRESSION_RATIO_THRESHOLD = 2.4;
    static final double LOGPROB_THRESHOLD = -1.0;
    static final double NO_SPEECH_THRESHOLD = 0.6;
    static final int BEST_OF = 5;
    static final String PREPEND_PUNCTUATIONS = "\"'“¿([{-";
    static final String APPEND_PUNCTUATIONS = "\"'.。,，!！?？:：”)]}、";

    /** A timed word; times in seconds from the start of the recording. */
    public record WordTime(String word, double start, double end, double probability) {
    }

    /** A segment as openai/whisper returns it; times in seconds from the start of the recording. */
    public record Segment(double start, double end, String text, List<Integer> tokens, List<WordTime> words,
                          double temperature, double avgLogprob, double compressionRatio, double noSpeechProb) {
    }

    /**
     * @param language      ISO 639-1 code, or null to detect
     * @param translate     translate into English instead of transcribing
     * @param initialPrompt text that conditions the first window (e.g. known lyrics), or null
     * @param beamSize      1 for greedy decoding
     * @param seed          for the sampling at temperatures above 0
     * @param fallback      whether to retry hotter (0.2 … 1.0) when a window's text is repetitive or
     *                      improbable; false decodes at temperature 0 only
     */
    public record Options(String language, boolean translate, String initialPrompt, int beamSize, long seed,
                          boolean fallback) {
    }

    private final WhisperModel model;
    private final BpeTokenizer tokenizer;
    private final WhisperVocabulary vocabulary;
    private final WindowDecoder decoder;
    private final Options options;
    private final Random random;
    private final List<Integer> initialPromptTokens;
    private final List<Integer> allTokens = new ArrayList<>();
    private int promptResetSince;
    private String language;
    private Map<String, Double> languageProbabilities = Map.of();
    private double lastSpeechTimestamp;

    public WhisperTranscriber(WhisperModel model, BpeTokenizer tokenizer, WhisperVocabulary vocabulary, Options options) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.vocabulary = vocabulary;
        this.decoder = new WindowDecoder(model, tokenizer, vocabulary);
        this.options = options;
        this.random = new Random(options.seed());
        this.language = vocabulary.multilingual() ? options.language() : "en";
        if (options.initialPrompt() != null && !options.initialPrompt().isBlank()) {
            initialPromptTokens = tokenizer.encode(" " + options.initialPrompt().strip());
        } else {
            initialPromptTokens = List.of();
        }
        allTokens.addAll(initialPromptTokens);
    }

    /** The language decoded (detected on the first piece when not given); null before the first piece. */
    public String language() {
        return language;
    }

    /** Language probabilities of the detection, most likely first; empty when the language was given. */
    public Map<String, Double> languageProbabilities() {
        return languageProbabilities;
    }

    /** {@code cross-attention-dtw} or {@code timestamp-interpolation}. */
    public String wordTiming() {
        return model.hasCrossAttention() && !model.alignmentHeads().isEmpty() ? "cross-attention-dtw"
                : "timestamp-interpolation";
    }

    /** Tokens decoded so far (with the initial prompt's). */
    List<Integer> allTokens() {
        return allTokens;
    }

    /**
     * Transcribes one piece of the recording.
     *
     * @param samples 16 kHz mono audio of the piece
     * @param offset  seconds from the start of the recording to the piece
     * @param tick    called after each window (may throw to cancel)
     */
    public List<Segment> transcribe(float[] samples, double offset, Runnable tick) {
        LogMel mel = LogMel.of(samples, model.mels());
        int contentFrames = mel.contentFrames();
        List<Segment> out = new ArrayList<>();
        if (language == null) {
            WhisperModel.AudioFeatures f = model.encode(mel.paddedWindow());
            languageProbabilities = decoder.detectLanguage(f);
            language = languageProbabilities.keySet().iterator().next();
        }
        int seek = 0;
        while (seek < contentFrames) {
            double timeOffset = seek * (double) LogMel.HOP / LogMel.SAMPLE_RATE;
            int segmentSize = Math.min(LogMel.N_FRAMES, contentFrames - seek);
            double segmentDuration = segmentSize * (double) LogMel.HOP / LogMel.SAMPLE_RATE;
            float[] window = mel.window(seek, segmentSize);
            WhisperModel.AudioFeatures features = model.encode(window);
            WindowDecoder.Result result = decodeWithFallback(features);
            tick.run();
            if (result.noSpeechProb() > NO_SPEECH_THRESHOLD && !(result.avgLogprob() > LOGPROB_THRESHOLD)) {
                seek += segmentSize;
                continue;
            }
            List<Integer> tokens = result.tokens();
            int tsBegin = vocabulary.timestampBegin();
            int n = tokens.size();
            boolean singleTimestampEnding = n >= 2 && tokens.get(n - 2) < tsBegin && tokens.get(n - 1) >= tsBegin;
            List<Integer> consecutive = new ArrayList<>();
            for (int i = 0; i + 1 < n; i++) {
                if (tokens.get(i) >= tsBegin && tokens.get(i + 1) >= tsBegin) {
                    consecutive.add(i + 1);
                }
            }
            List<Piece> current = new ArrayList<>();
            if (!consecutive.isEmpty()) {
                List<Integer> slices = new ArrayList<>(consecutive);
                if (singleTimestampEnding) {
                    slices.add(n);
                }
                int lastSlice = 0;
                for (int slice : slices) {
                    List<Integer> sliced = tokens.subList(lastSlice, slice);
                    double start = timeOffset + (sliced.get(0) - tsBegin) * WhisperVocabulary.TIME_PRECISION;
                    double end = timeOffset + (sliced.get(sliced.size() - 1) - tsBegin) * WhisperVocabulary.TIME_PRECISION;
                    current.add(new Piece(start, end, new ArrayList<>(sliced)));
                    lastSlice = slice;
                }
                if (singleTimestampEnding) {
                    seek += segmentSize;
                } else {
                    seek += (tokens.get(lastSlice - 1) - tsBegin) * 2; // input stride: 2 mel frames per token step
                }
            } else {
                double duration = segmentDuration;
                int lastTs = -1;
                for (int t : tokens) {
                    if (t >= tsBegin) {
                        lastTs = t;
                    }
                }
                if (lastTs >= 0 && lastTs != tsBegin) {
                    duration = (lastTs - tsBegin) * WhisperVocabulary.TIME_PRECISION;
                }
                current.add(new Piece(timeOffset, timeOffset + duration, new ArrayList<>(tokens)));
                seek += segmentSize;
            }
            if (wordTiming().equals("cross-attention-dtw")) {
                addWordTimestamps(current, features, segmentSize, timeOffset);
                if (!singleTimestampEnding) {
                    Double lastWordEnd = lastWordEnd(current);
                    if (lastWordEnd != null && lastWordEnd > timeOffset) {
                        seek = (int) Math.round(lastWordEnd * WordAligner.FRAMES_PER_SECOND * 2);
                    }
                }
            } else {
                for (Piece p : current) {
                    p.words = interpolatedWords(p, result.avgLogprob());
                }
            }
            Double lastWordEnd = lastWordEnd(current);
            if (lastWordEnd != null) {
                lastSpeechTimestamp = lastWordEnd;
            }
            for (Piece p : current) {
                String text = tokenizer.decode(textTokens(p.tokens));
                if (p.start == p.end || text.strip().isEmpty()) {
                    p.tokens = List.of();
                    p.words = List.of();
                    continue;
                }
                List<WordTime> words = new ArrayList<>();
                for (WordTime w : p.words) {
                    words.add(new WordTime(w.word(), offset + w.start(), offset + w.end(), w.probability()));
                }
                out.add(new Segment(offset + p.start, offset + p.end, text, List.copyOf(p.tokens), words,
                        result.temperature(), result.avgLogprob(), result.compressionRatio(), result.noSpeechProb()));
            }
            for (Piece p : current) {
                allTokens.addAll(p.tokens);
            }
            if (result.temperature() > 0.5) {
                promptResetSince = allTokens.size();
            }
        }
        return out;
    }

    /** A segment of one window while it is built: times from the start of the piece. */
    private static final class Piece {
        double start;
        double end;
        List<Integer> tokens;
        List<WordTime> words = List.of();

        Piece(double start, double end, List<Integer> tokens) {
            this.start = start;
            this.end = end;
            this.tokens = tokens;
        }
    }

    private WindowDecoder.Result decodeWithFallback(WhisperModel.AudioFeatures features) {
        List<Integer> prompt = allTokens.subList(promptResetSince, allTokens.size());
        WindowDecoder.Result result = null;
        for (double t : options.fallback() ? TEMPERATURES : new double[]{0.0}) {
            result = decoder.decode(features, new WindowDecoder.Options(language, options.translate(), t,
                    t == 0 ? options.beamSize() : 1, t > 0 ? BEST_OF : 1, List.copyOf(prompt), random));
            boolean fallback = result.compressionRatio() > COMPRESSION_RATIO_THRESHOLD
                    || result.avgLogprob() < LOGPROB_THRESHOLD;
            if (result.noSpeechProb() > NO_SPEECH_THRESHOLD && result.avgLogprob() < LOGPROB_THRESHOLD) {
                fallback = false; // silence
            }
            if (!fallback) {
                break;
            }
        }
        return result;
    }

    private List<Integer> textTokens(List<Integer> tokens) {
        List<Integer> out = new ArrayList<>();
        for (int t : tokens) {
            if (t < vocabulary.eot()) {
                out.add(t);
            }
        }
        return out;
    }

    private static Double lastWordEnd(List<Piece> pieces) {
        Double end = null;
        for (Piece p : pieces) {
            if (!p.words.isEmpty()) {
                end = p.words.get(p.words.size() - 1).end();
            }
        }
        return end;
    }

    /** Words spread over the segment by character count (exports without cross-attention). */
    private List<WordTime> interpolatedWords(Piece p, double avgLogprob) {
        List<Integer> text = textTokens(p.tokens);
        if (text.isEmpty()) {
            return List.of();
        }
        WordSplitter.Split split = WordSplitter.split(tokenizer, vocabulary, text, language);
        int chars = 0;
        for (String w : split.words()) {
            chars += Math.max(1, w.strip().length());
        }
        double probability = Math.exp(avgLogprob);
        List<WordTime> out = new ArrayList<>();
        double at = p.start;
        double span = p.end - p.start;
        for (String w : split.words()) {
            double d = span * Math.max(1, w.strip().length()) / chars;
            out.add(new WordTime(w, at, at + d, probability));
            at += d;
        }
        return out;
    }

    /** openai/whisper's {@code add_word_timestamps} for the segments of one window. */
    private void addWordTimestamps(List<Piece> pieces, WhisperModel.AudioFeatures features, int numFrames,
                                   double timeOffset) {
        List<List<Integer>> perSegment = new ArrayList<>();
        List<Integer> text = new ArrayList<>();
        for (Piece p : pieces) {
            List<Integer> t = textTokens(p.tokens);
            perSegment.add(t);
            text.addAll(t);
        }
        if (text.isEmpty()) {
            return;
        }
        List<Integer> sequence = new ArrayList<>(vocabulary.sotSequence(language, options.translate()));
        int prefix = sequence.size();
        sequence.add(vocabulary.noTimestamps());
        sequence.addAll(text);
        sequence.add(vocabulary.eot());
        WhisperModel.Step step = model.decoder(features).step(WindowDecoder.toArray(sequence), true);
        List<WordAligner.Timing> aligned = WordAligner.align(tokenizer, vocabulary, step.attention(),
                step.logits(), prefix, text, numFrames, language);
        List<MutableWord> alignment = new ArrayList<>();
        for (WordAligner.Timing t : aligned) {
            alignment.add(new MutableWord(t.word(), new ArrayList<>(t.tokens()), t.start(), t.end(), t.probability()));
        }
        double[] durations = alignment.stream().mapToDouble(w -> w.end - w.start).filter(d -> d != 0).toArray();
        double median = durations.length > 0 ? median(durations) : 0.0;
        median = Math.min(0.7, median);
        double max = median * 2;
        if (durations.length > 0) {
            String sentenceEnd = ".。!！?？";
            for (int i = 1; i < alignment.size(); i++) {
                MutableWord w = alignment.get(i);
                if (w.end - w.start > max) {
                    if (sentenceEnd.contains(w.word)) { // a substring test, as Python's `in`
                        w.end = w.start + max;
                    } else if (sentenceEnd.contains(alignment.get(i - 1).word)) {
                        w.start = w.end - max;
                    }
                }
            }
        }
        mergePunctuations(alignment);
        int wordIndex = 0;
        for (int s = 0; s < pieces.size(); s++) {
            Piece segment = pieces.get(s);
            List<Integer> tokens = perSegment.get(s);
            int saved = 0;
            List<double[]> times = new ArrayList<>();
            List<MutableWord> words = new ArrayList<>();
            while (wordIndex < alignment.size() && saved < tokens.size()) {
                MutableWord timing = alignment.get(wordIndex);
                if (!timing.word.isEmpty()) {
                    words.add(timing);
                    times.add(new double[]{round2(timeOffset + timing.start), round2(timeOffset + timing.end)});
                }
                saved += timing.tokens.size();
                wordIndex++;
            }
            if (!words.isEmpty()) {
                double[] first = times.get(0);
                if (first[1] - lastSpeechTimestamp > median * 4 && (first[1] - first[0] > max
                        || (times.size() > 1 && times.get(1)[1] - first[0] > max * 2))) {
                    if (times.size() > 1 && times.get(1)[1] - times.get(1)[0] > max) {
                        double boundary = Math.max(times.get(1)[1] / 2, times.get(1)[1] - max);
                        first[1] = boundary;
                        times.get(1)[0] = boundary;
                    }
                    first[0] = Math.max(0, first[1] - max);
                }
                if (segment.start < first[1] && segment.start - 0.5 > first[0]) {
                    first[0] = Math.max(0, Math.min(first[1] - median, segment.start));
                } else {
                    segment.start = first[0];
                }
                double[] last = times.get(times.size() - 1);
                if (segment.end > last[0] && segment.end + 0.5 < last[1]) {
                    last[1] = Math.max(last[0] + median, segment.end);
                } else {
                    segment.end = last[1];
                }
                lastSpeechTimestamp = segment.end;
            }
            List<WordTime> out = new ArrayList<>();
            for (int k = 0; k < words.size(); k++) {
                out.add(new WordTime(words.get(k).word, times.get(k)[0], times.get(k)[1], words.get(k).probability));
            }
            segment.words = out;
        }
    }

    private static final class MutableWord {
        String word;
        List<Integer> tokens;
        double start;
        double end;
        final double probability;

        MutableWord(String word, List<Integer> tokens, double start, double end, double probability) {
            this.word = word;
            this.tokens = tokens;
            this.start = start;
            this.end = end;
            this.probability = probability;
        }
    }

    /** openai/whisper's {@code merge_punctuations}. */
    private static void mergePunctuations(List<MutableWord> alignment) {
        int i = alignment.size() - 2;
        int j = alignment.size() - 1;
        while (i >= 0) {
            MutableWord previous = alignment.get(i);
            MutableWord following = alignment.get(j);
            if (previous.word.startsWith(" ") && PREPEND_PUNCTUATIONS.contains(previous.word.strip())) {
                following.word = previous.word + following.word;
                List<Integer> t = new ArrayList<>(previous.tokens);
                t.addAll(following.tokens);
                following.tokens = t;
                previous.word = "";
                previous.tokens = new ArrayList<>();
            } else {
                j = i;
            }
            i--;
        }
        i = 0;
        j = 1;
        while (j < alignment.size()) {
            MutableWord previous = alignment.get(i);
            MutableWord following = alignment.get(j);
            if (!previous.word.endsWith(" ") && APPEND_PUNCTUATIONS.contains(following.word)) {
                previous.word = previous.word + following.word;
                previous.tokens.addAll(following.tokens);
                following.word = "";
                following.tokens = new ArrayList<>();
            } else {
                i = j;
            }
            j++;
        }
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double round2(double x) {
        return Math.round(x * 100) / 100.0; // numpy's round half to even differs only at exact halves
    }
}
