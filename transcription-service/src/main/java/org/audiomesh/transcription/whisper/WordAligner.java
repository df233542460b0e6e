package org.audiomesh.transcription.whisper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Word timing from cross-attention, as openai/whisper's {@code find_alignment}: the decoder is
 * run over {@code sot sequence, <|notimestamps|>, text tokens, <|endoftext|>}; the alignment
 * heads' attention over the window's audio frames is renormalised, standardised over tokens,
 * median-filtered over time (width 7) and averaged over heads; dynamic time warping on its
 * negative gives a monotonic token-to-frame path, and each word starts and ends where the path
 * jumps to its first token and past its last (frames at 50 per second).
 */
final class WordAligner {
    static final int MEDIAN_WIDTH = 7;
    static final double FRAMES_PER_SECOND = 50.0;

    /** A word of the window with times in seconds from the window's start. */
    record Timing(String word, List<Integer> tokens, double start, double end, double probability) {
    }

    private WordAligner() {
    }

    /**
     * @param attention  {@code [head][token][frame]} softmaxed weights of the alignment heads for
     *                   the whole sequence
     * @param logits     logits for the whole sequence
     * @param prefix     length of the sot sequence
     * @param textTokens the words' tokens
     * @param numFrames  mel frames of audio in the window (attention frames = numFrames / 2)
     */
    static List<Timing> align(BpeTokenizer tokenizer, WhisperVocabulary vocabulary, float[][][] attention,
                              float[][] logits, int prefix, List<Integer> textTokens, int numFrames,
                              String language) {
        if (textTokens.isEmpty()) {
            return List.of();
        }
        int n = textTokens.size();
        double[] tokenProbs = new double[n];
        for (int i = 0; i < n; i++) {
            float[] row = Arrays.copyOf(logits[prefix + i], vocabulary.eot());
            tokenProbs[i] = Softmax.softmax(row)[textTokens.get(i)];
        }
        int frames = Math.max(1, numFrames / 2);
        int rows = attention[0].length; // prefix + 1 + n + 1
        double[][] matrix = new double[rows][frames];
        for (float[][] head : attention) {
            double[][] w = new double[rows][frames];
            for (int t = 0; t < rows; t++) {
                double sum = 0;
                for (int f = 0; f < frames; f++) {
                    sum += head[t][f];
                }
                for (int f = 0; f < frames; f++) {
                    w[t][f] = sum > 0 ? head[t][f] / sum : 0;
                }
            }
            for (int f = 0; f < frames; f++) { // standardise over tokens
                double mean = 0;
                for (int t = 0; t < rows; t++) {
                    mean += w[t][f];
                }
                mean /= rows;
                double var = 0;
                for (int t = 0; t < rows; t++) {
                    var += (w[t][f] - mean) * (w[t][f] - mean);
                }
                double std = Math.sqrt(var / rows);
                for (int t = 0; t < rows; t++) {
                    w[t][f] = (w[t][f] - mean) / std;
                }
            }
            for (int t = 0; t < rows; t++) {
                double[] filtered = medianFilter(w[t], MEDIAN_WIDTH);
                for (int f = 0; f < frames; f++) {
                    matrix[t][f] += filtered[f] / attention.length;
                }
            }
        }
        double[][] text = Arrays.copyOfRange(matrix, prefix, rows - 1); // <|notimestamps|> + text tokens
        int[][] path = dtw(text);
        int[] textIndices = path[0];
        int[] timeIndices = path[1];

        List<Integer> withEot = new ArrayList<>(textTokens);
        withEot.add(vocabulary.eot());
        WordSplitter.Split split = WordSplitter.split(tokenizer, vocabulary, withEot, language);
        if (split.words().size() <= 1) {
            return List.of();
        }
        int[] boundaries = new int[split.words().size()];
        for (int w = 0; w + 1 < split.words().size(); w++) {
            boundaries[w + 1] = boundaries[w] + split.tokens().get(w).size();
        }
        List<Double> jumpTimes = new ArrayList<>();
        for (int k = 0; k < textIndices.length; k++) {
            if (k == 0 || textIndices[k] != textIndices[k - 1]) {
                jumpTimes.add(timeIndices[k] / FRAMES_PER_SECOND);
            }
        }
        List<Timing> out = new ArrayList<>();
        for (int w = 0; w + 1 < boundaries.length; w++) {
            int i = boundaries[w];
            int j = boundaries[w + 1];
            double p = 0;
            for (int k = i; k < j; k++) {
                p += tokenProbs[k];
            }
            out.add(new Timing(split.words().get(w), split.tokens().get(w), jumpTimes.get(i), jumpTimes.get(j),
                    p / Math.max(1, j - i)));
        }
        return out;
    }

    /** Median over a sliding window with reflect padding, as openai/whisper's {@code median_filter}. */
    static double[] medianFilter(double[] x, int width) {
        int pad = width / 2;
        if (x.length <= pad) {
            return x.clone();
        }
        double[] padded = new double[x.length + 2 * pad];
        for (int i = 0; i < padded.length; i++) {
            int src = i - pad;
            if (src < 0) {
                src = -src;
            } else if (src >= x.length) {
                src = 2 * (x.length - 1) - src;
            }
            padded[i] = x[src];
        }
        double[] out = new double[x.length];
        double[] window = new double[width];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(padded, i, window, 0, width);
            Arrays.sort(window);
            out[i] = window[pad];
        }
        return out;
    }

    /**
     * Dynamic time warping of {@code -x} (cost = minus similarity), float32 accumulation and the
     * tie order of openai/whisper's {@code dtw_cpu}; returns {@code [textIndices, timeIndices]}.
     */
    static int[][] dtw(double[][] x) {
        int n = x.length;
        int m = x[0].length;
        float[][] cost = new float[n + 1][m + 1];
        int[][] trace = new int[n + 1][m + 1];
        for (float[] row : cost) {
            Arrays.fill(row, Float.POSITIVE_INFINITY);
        }
        for (int[] row : trace) {
            Arrays.fill(row, -1);
        }
        cost[0][0] = 0;
        for (int j = 1; j <= m; j++) {
            for (int i = 1; i <= n; i++) {
                float c0 = cost[i - 1][j - 1];
                float c1 = cost[i - 1][j];
                float c2 = cost[i][j - 1];
                float c;
                int t;
                if (c0 < c1 && c0 < c2) {
                    c = c0;
                    t = 0;
                } else if (c1 < c0 && c1 < c2) {
                    c = c1;
                    t = 1;
                } else {
                    c = c2;
                    t = 2;
                }
                cost[i][j] = (float) -x[i - 1][j - 1] + c;
                trace[i][j] = t;
            }
        }
        for (int j = 0; j <= m; j++) {
            trace[0][j] = 2;
        }
        for (int i = 0; i <= n; i++) {
            trace[i][0] = 1;
        }
        List<int[]> path = new ArrayList<>();
        int i = n;
        int j = m;
        while (i > 0 || j > 0) {
            path.add(new int[]{i - 1, j - 1});
            int t = trace[i][j];
            if (t == 0) {
                i--;
                j--;
            } else if (t == 1) {
                i--;
            } else {
                j--;
            }
        }
        int[][] out = new int[2][path.size()];
        for (int k = 0; k < path.size(); k++) {
            int[] p = path.get(path.size() - 1 - k);
            out[0][k] = p[0];
            out[1][k] = p[1];
        }
        return out;
    }
}
