package org.audiomesh.transcription.whisper;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;

/**
 * Decodes one 30 s window the way openai/whisper's {@code DecodingTask} does: the initial tokens
 * ({@code <|startofprev|>} and the prompt, then the start-of-transcript sequence), the
 * no-speech probability from the first step at {@code <|startoftranscript|>}, then greedy
 * decoding at temperature 0, beam search when asked, or sampling of {@code bestOf} candidates
 * at a higher temperature, each step filtered by {@link LogitRules}; up to
 * {@code textContext / 2} tokens, stopping at end-of-text. Candidates are ranked by mean
 * log-probability.
 */
final class WindowDecoder {
    private final WhisperModel model;
    private final BpeTokenizer tokenizer;
    private final WhisperVocabulary vocabulary;
    private final int[] suppress;
    private final int[] blank;

    /**
     * @param language    decoded language code, {@code null} for English-only models
     * @param translate   task translate instead of transcribe
     * @param temperature 0 for greedy or beam search
     * @param beamSize    beams at temperature 0 (1 = greedy)
     * @param bestOf      candidates sampled at temperature &gt; 0
     * @param prompt      previous text tokens (may be empty)
     * @param random      source for sampling
     */
    record Options(String language, boolean translate, double temperature, int beamSize, int bestOf,
                   List<Integer> prompt, Random random) {
    }

    /**
     * @param tokens           sampled tokens up to (not including) end-of-text
     * @param text             their text, stripped
     * @param avgLogprob       sum of token log-probabilities / (tokens + 1)
     * @param noSpeechProb     probability of {@code <|nospeech|>} at the first step
     * @param compressionRatio UTF-8 length of the text / its zlib-compressed length
     */
    record Result(List<Integer> tokens, String text, double avgLogprob, double noSpeechProb, double temperature,
                  double compressionRatio) {
    }

    WindowDecoder(WhisperModel model, BpeTokenizer tokenizer, WhisperVocabulary vocabulary) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.vocabulary = vocabulary;
        this.suppress = vocabulary.suppressTokens(tokenizer);
        this.blank = tokenizer.encode(" ").stream().mapToInt(Integer::intValue).toArray();
    }

    /** Language probabilities from the logits after {@code <|startoftranscript|>}, most likely first. */
    Map<String, Double> detectLanguage(WhisperModel.AudioFeatures features) {
        float[] logits = model.decoder(features).step(new int[]{vocabulary.sot()}, false).logits()[0];
        float[] masked = new float[logits.length];
        java.util.Arrays.fill(masked, Float.NEGATIVE_INFINITY);
        for (int id : vocabulary.languages().values()) {
            masked[id] = logits[id];
        }
        double[] p = Softmax.softmax(masked);
        List<Map.Entry<String, Double>> list = new ArrayList<>();
        vocabulary.languages().forEach((code, id) -> list.add(Map.entry(code, p[id])));
        list.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        Map<String, Double> out = new LinkedHashMap<>();
        list.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    Result decode(WhisperModel.AudioFeatures features, Options o) {
        List<Integer> initial = new ArrayList<>();
        if (!o.prompt().isEmpty()) {
            initial.add(vocabulary.sotPrev());
            int keep = model.textContext() / 2 - 1;
            initial.addAll(o.prompt().subList(Math.max(0, o.prompt().size() - keep), o.prompt().size()));
        }
        int sotIndex = initial.size();
        initial.addAll(vocabulary.sotSequence(o.language(), o.translate()));
        int sampleBegin = initial.size();
        LogitRules rules = new LogitRules(vocabulary, blank, suppress, sampleBegin, true);
        int sampleLen = model.textContext() / 2;

        List<Candidate> candidates;
        double[] noSpeech = {Double.NaN};
        if (o.temperature() == 0 && o.beamSize() > 1) {
            candidates = beam(features, initial, sotIndex, sampleBegin, sampleLen, rules, o.beamSize(), noSpeech);
        } else {
            int n = o.temperature() > 0 ? Math.max(1, o.bestOf()) : 1;
            candidates = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                candidates.add(sample(features, initial, sotIndex, sampleBegin, sampleLen, rules, o, noSpeech));
            }
        }
        Candidate best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Candidate c : candidates) {
            double score = c.sumLogprob / Math.max(1, c.tokens.size());
            if (best == null || score > bestScore) {
                best = c;
                bestScore = score;
            }
        }
        String text = tokenizer.decode(textOnly(best.tokens)).strip();
        return new Result(List.copyOf(best.tokens), text, best.sumLogprob / (best.tokens.size() + 1), noSpeech[0],
                o.temperature(), compressionRatio(text));
    }

    private List<Integer> textOnly(List<Integer> tokens) {
        List<Integer> out = new ArrayList<>();
        for (int t : tokens) {
            if (t < vocabulary.timestampBegin()) {
                out.add(t);
            }
        }
        return out;
    }

    /** A finished sequence: sampled tokens before end-of-text and their summed log-probability. */
    private record Candidate(List<Integer> tokens, double sumLogprob) {
    }

    private Candidate sample(WhisperModel.AudioFeatures features, List<Integer> initial, int sotIndex, int sampleBegin,
                             int sampleLen, LogitRules rules, Options o, double[] noSpeech) {
        WhisperModel.Decoder decoder = model.decoder(features);
        List<Integer> tokens = new ArrayList<>(initial);
        float[][] logits = decoder.step(toArray(initial), false).logits();
        double sum = 0;
        int eot = vocabulary.eot();
        for (int i = 0; i < sampleLen; i++) {
            if (i == 0 && vocabulary.noSpeech() >= 0) {
                noSpeech[0] = Softmax.softmax(logits[sotIndex])[vocabulary.noSpeech()];
            }
            float[] last = logits[logits.length - 1].clone();
            rules.apply(last, tokens);
            int next = o.temperature() == 0 ? Softmax.argmax(last) : draw(last, o.temperature(), o.random());
            double[] logprobs = Softmax.logSoftmax(last);
            int previous = tokens.get(tokens.size() - 1);
            if (previous != eot) {
                sum += logprobs[next];
            } else {
                next = eot;
            }
            tokens.add(next);
            if (next == eot || tokens.size() > model.textContext()) {
                break;
            }
            logits = decoder.step(new int[]{next}, false).logits();
        }
        return new Candidate(sampled(tokens, sampleBegin), sum);
    }

    private List<Integer> sampled(List<Integer> tokens, int sampleBegin) {
        List<Integer> out = new ArrayList<>();
        for (int i = sampleBegin; i < tokens.size() && tokens.get(i) != vocabulary.eot(); i++) {
            out.add(tokens.get(i));
        }
        return out;
    }

    private static int draw(float[] logits, double temperature, Random random) {
        float[] scaled = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            scaled[i] = (float) (logits[i] / temperature);
        }
        double[] p = Softmax.softmax(scaled);
        double u = random.nextDouble();
        double acc = 0;
        int last = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                acc += p[i];
                last = i;
                if (u < acc) {
                    return i;
                }
            }
        }
        return last;
    }

    /** A live beam: its tokens (initial included), score and cache, with the logits of its last token. */
    private record Beam(List<Integer> tokens, double sumLogprob, WhisperModel.Decoder decoder, float[] lastLogits) {
    }

    private List<Candidate> beam(WhisperModel.AudioFeatures features, List<Integer> initial, int sotIndex,
                                 int sampleBegin, int sampleLen, LogitRules rules, int beamSize, double[] noSpeech) {
        int eot = vocabulary.eot();
        WhisperModel.Decoder first = model.decoder(features);
        float[][] logits = first.step(toArray(initial), false).logits();
        if (vocabulary.noSpeech() >= 0) {
            noSpeech[0] = Softmax.softmax(logits[sotIndex])[vocabulary.noSpeech()];
        }
        List<Beam> beams = new ArrayList<>();
        for (int b = 0; b < beamSize; b++) {
            beams.add(new Beam(new ArrayList<>(initial), 0, b == 0 ? first : first.copy(), logits[logits.length - 1]));
        }
        Map<List<Integer>, Double> finished = new LinkedHashMap<>();
        int maxCandidates = beamSize; // patience 1.0
        for (int i = 0; i < sampleLen && finished.size() < maxCandidates; i++) {
            Map<List<Integer>, Double> scores = new LinkedHashMap<>();
            Map<List<Integer>, Beam> sources = new LinkedHashMap<>();
            for (Beam beam : beams) {
                float[] last = beam.lastLogits().clone();
                rules.apply(last, beam.tokens());
                double[] logprobs = Softmax.logSoftmax(last);
                for (int token : topK(logprobs, beamSize + 1)) {
                    List<Integer> seq = new ArrayList<>(beam.tokens());
                    seq.add(token);
                    scores.put(seq, beam.sumLogprob() + logprobs[token]);
                    sources.put(seq, beam);
                }
            }
            List<List<Integer>> order = new ArrayList<>(scores.keySet());
            order.sort(Comparator.comparingDouble((List<Integer> s) -> scores.get(s)).reversed());
            List<Beam> next = new ArrayList<>();
            Map<List<Integer>, Double> newlyFinished = new LinkedHashMap<>();
            java.util.Set<Beam> reused = new java.util.HashSet<>();
            for (List<Integer> seq : order) {
                if (seq.get(seq.size() - 1) == eot) {
                    newlyFinished.put(seq, scores.get(seq));
                } else {
                    Beam source = sources.get(seq);
                    WhisperModel.Decoder d = reused.add(source) ? source.decoder() : source.decoder().copy();
                    next.add(new Beam(seq, scores.get(seq), d, null));
                    if (next.size() == beamSize) {
                        break;
                    }
                }
            }
            for (Map.Entry<List<Integer>, Double> e : newlyFinished.entrySet()) {
                if (finished.size() >= maxCandidates) {
                    break;
                }
                finished.put(e.getKey(), e.getValue());
            }
            boolean full = false;
            beams = new ArrayList<>();
            for (Beam b : next) {
                if (b.tokens().size() > model.textContext()) {
                    full = true;
                }
                float[][] l = b.decoder().step(new int[]{b.tokens().get(b.tokens().size() - 1)}, false).logits();
                beams.add(new Beam(b.tokens(), b.sumLogprob(), b.decoder(), l[l.length - 1]));
            }
            if (full) {
                break;
            }
        }
        if (finished.size() < beamSize) {
            List<Beam> live = new ArrayList<>(beams);
            live.sort(Comparator.comparingDouble(Beam::sumLogprob).reversed());
            for (Beam b : live) {
                if (finished.size() >= beamSize) {
                    break;
                }
                finished.putIfAbsent(b.tokens(), b.sumLogprob());
            }
        }
        List<Candidate> out = new ArrayList<>();
        finished.forEach((seq, score) -> out.add(new Candidate(sampled(seq, sampleBegin), score)));
        return out;
    }

    private static int[] topK(double[] x, int k) {
        // partial selection is enough for small k
        int[] out = new int[Math.min(k, x.length)];
        boolean[] taken = new boolean[x.length];
        for (int j = 0; j < out.length; j++) {
            int best = -1;
            for (int i = 0; i < x.length; i++) {
                if (!taken[i] && (best < 0 || x[i] > x[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            out[j] = best;
        }
        return out;
    }

    static int[] toArray(List<Integer> tokens) {
        return tokens.stream().mapToInt(Integer::intValue).toArray();
    }

    /** openai/whisper's {@code get_compression_ratio}: UTF-8 bytes over zlib-compressed bytes. */
    static double compressionRatio(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return (double) bytes.length / out.size();
    }
}
