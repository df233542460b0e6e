package org.audiomesh.transcription.lyrics;

import org.audiomesh.transcription.transcript.Word;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Aligns known lyrics to the recogniser's timed words by edit-distance alignment
 * (Needleman-Wunsch over words): a known word matched to a recognised word takes its times, a
 * known word the recogniser heard differently (substitution) takes the times of the word heard in
 * its place, and known words the recogniser missed get times interpolated between their aligned
 * neighbours, shared by character length. Recognised words with no counterpart in the lyrics are
 * dropped. The output keeps the lyrics' words, spelling, punctuation and line breaks.
 *
 * <p>Costs: a match 0, a substitution {@code 0.1 + 1.8 * d} with d the normalised letter edit
 * distance of the two words (0..1), a missed or an extra word 1. A substitution of similar words
 * (d below 0.5) is thus preferred over a miss plus an extra word. Memory: one byte per cell,
 * known words times recognised words (20,000 characters of lyrics, about 4,000 words, against as
 * many recognised words: 16 MB).
 */
public final class LyricsAligner {
    static final double GAP = 1.0;
    /** Shortest time (seconds) an interpolated word gets before it borrows from its neighbour. */
    static final double MIN_WORD = 0.08;

    /** One lyric line with its timed words (none when the line has no words). */
    public record AlignedLine(List<Word> words) {
    }

    /**
     * @param lines        the lines aligned, in order
     * @param matched      known words the recogniser heard exactly
     * @param substituted  known words aligned to a different recognised word
     * @param interpolated known words with interpolated times
     */
    public record Alignment(List<AlignedLine> lines, int matched, int substituted, int interpolated) {
    }

    private record Token(String display, String key, int line) {
    }

    private LyricsAligner() {
    }

    /**
     * @param lyrics     known lyrics, lines separated by line breaks
     * @param recognised recognised words in time order
     * @param duration   seconds of audio (bounds interpolated times)
     */
    public static Alignment align(String lyrics, List<Word> recognised, double duration) {
        List<Token> known = tokens(lyrics);
        int n = known.size();
        int m = recognised.size();
        String[] heard = new String[m];
        for (int j = 0; j < m; j++) {
            heard[j] = key(recognised.get(j).word());
        }
        // back[i][j]: 0 = diagonal (match/substitution), 1 = up (known word missed), 2 = left (extra word)
        byte[][] back = new byte[n + 1][m + 1];
        double[] prev = new double[m + 1];
        double[] cur = new double[m + 1];
        for (int j = 1; j <= m; j++) {
            prev[j] = j * GAP;
            back[0][j] = 2;
        }
        for (int i = 1; i <= n; i++) {
            cur[0] = i * GAP;
            back[i][0] = 1;
            for (int j = 1; j <= m; j++) {
                double diag = prev[j - 1] + substitution(known.get(i - 1).key(), heard[j - 1]);
                double up = prev[j] + GAP;
                double left = cur[j - 1] + GAP;
                if (diag <= up && diag <= left) {
                    cur[j] = diag;
                    back[i][j] = 0;
                } else if (up <= left) {
                    cur[j] = up;
                    back[i][j] = 1;
                } else {
                    cur[j] = left;
                    back[i][j] = 2;
                }
            }
            double[] t = prev;
            prev = cur;
            cur = t;
        }
        int[] partner = new int[n];
        java.util.Arrays.fill(partner, -1);
        for (int i = n, j = m; i > 0 || j > 0; ) {
            byte step = back[i][j];
            if (i > 0 && j > 0 && step == 0) {
                partner[i - 1] = j - 1;
                i--;
                j--;
            } else if (i > 0 && (j == 0 || step == 1)) {
                i--;
            } else {
                j--;
            }
        }
        return timed(known, partner, recognised, duration);
    }

    private static Alignment timed(List<Token> known, int[] partner, List<Word> recognised, double duration) {
        int n = known.size();
        double[] start = new double[n];
        double[] end = new double[n];
        double[] probability = new double[n];
        int matched = 0;
        for (int i = 0; i < n; i++) {
            if (partner[i] >= 0) {
                Word w = recognised.get(partner[i]);
                start[i] = w.start();
                end[i] = w.end();
                if (known.get(i).key().equals(key(w.word()))) {
                    probability[i] = w.probability();
                    matched++;
                } else {
                    probability[i] = w.probability() * (1 - distance(known.get(i).key(), key(w.word())));
                }
            }
        }
        double meanWord = recognised.isEmpty() ? 0.4 : Math.max(MIN_WORD,
                recognised.stream().mapToDouble(w -> w.end() - w.start()).average().orElse(0.4));
        int interpolated = 0;
        for (int i = 0; i < n; ) {
            if (partner[i] >= 0) {
                i++;
                continue;
            }
            int first = i;
            while (i < n && partner[i] < 0) {
                i++;
            }
            interpolated += i - first;
            fill(known, partner, start, end, first, i, meanWord, duration);
        }
        List<AlignedLine> lines = new ArrayList<>();
        int lineCount = n == 0 ? 0 : known.get(n - 1).line() + 1;
        List<List<Word>> byLine = new ArrayList<>();
        for (int l = 0; l < lineCount; l++) {
            byLine.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            byLine.get(known.get(i).line()).add(new Word(known.get(i).display(), start[i], Math.max(start[i], end[i]),
                    probability[i]));
        }
        for (List<Word> l : byLine) {
            lines.add(new AlignedLine(List.copyOf(l)));
        }
        return new Alignment(lines, matched, n - matched - interpolated, interpolated);
    }

    /**
     * Times for the unaligned known words {@code [first, last)}: the gap between their aligned
     * neighbours, shared by character length; when that gap is shorter than
     * {@link #MIN_WORD} per word, the preceding aligned word shares its own time with them.
     */
    private static void fill(List<Token> known, int[] partner, double[] start, double[] end, int first, int last,
                             double meanWord, double duration) {
        int count = last - first;
        boolean hasBefore = first > 0;
        boolean hasAfter = last < known.size();
        double from;
        double to;
        int shareFrom = first;
        if (hasBefore && hasAfter) {
            from = end[first - 1];
            to = start[last];
            if (to - from < MIN_WORD * count) {
                shareFrom = first - 1;
                from = start[first - 1];
            }
        } else if (hasAfter) {
            to = start[last];
            from = Math.max(0, to - meanWord * count);
        } else if (hasBefore) {
            from = end[first - 1];
            to = Math.min(Math.max(duration, from), from + meanWord * count);
        } else {
            from = 0;
            to = Math.max(0, duration);
        }
        int chars = 0;
        for (int i = shareFrom; i < last; i++) {
            chars += Math.max(1, known.get(i).display().length());
        }
        double t = from;
        for (int i = shareFrom; i < last; i++) {
            double len = (to - from) * Math.max(1, known.get(i).display().length()) / chars;
            start[i] = t;
            end[i] = t + len;
            t += len;
        }
    }

    private static List<Token> tokens(String lyrics) {
        List<Token> out = new ArrayList<>();
        int line = 0;
        for (String raw : lyrics.split("\r\n|\r|\n")) {
            String[] parts = raw.strip().split("\\s+");
            boolean any = false;
            for (String p : parts) {
                String display = p.replaceAll("\\p{Cntrl}", "");
                if (!display.isEmpty()) {
                    out.add(new Token(display, key(display), line));
                    any = true;
                }
            }
            if (any) {
                line++;
            }
        }
        return out;
    }

    /** The spelling compared: lower case, letters, digits and apostrophes only, accents removed. */
    static String key(String word) {
        String folded = Normalizer.normalize(word.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").replace('\u2019', '\'');
        return folded.replaceAll("[^\\p{L}\\p{N}']", "");
    }

    static double substitution(String known, String heard) {
        if (!known.isEmpty() && known.equals(heard)) {
            return 0;
        }
        return 0.1 + 1.8 * distance(known, heard);
    }

    /** Levenshtein distance divided by the longer length, 0..1 (1 when either is empty). */
    static double distance(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 1;
        }
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int diag = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int up = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diag + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diag = up;
            }
        }
        return (double) row[b.length()] / Math.max(a.length(), b.length());
    }
}
