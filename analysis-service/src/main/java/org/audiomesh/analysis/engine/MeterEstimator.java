package org.audiomesh.analysis.engine;

/**
 * Time signature and downbeats from beat-synchronous accents.
 *
 * <p>Each beat gets four accent features, z-scores over all beats: the onset flux, the low-band
 * (below 200 Hz: kick drum, bass) flux, the loudness at the beat, and the change of chroma from
 * the beat before to the beat after it (chords change on bar lines); spreads smaller than a
 * noticeable accent are not magnified into one.
 *
 * <p>Bar length: beats a bar apart are alike, so the lag correlations of the features
 * ({@link #lagCorrelation}) at 2, 3 and 4 beats decide: ternary (3/4) when lag 3 beats both
 * binary lags. When the beats are divided in three (more onset strength at 1/3 and 2/3 of the
 * beat than at 1/2) the bar is compound: 3 beats become 9/8, and binary bars are 6/8 (two
 * dotted quarters) unless beats two apart are much less alike than beats four apart (12/8).
 * Among simple binary meters 4/4 is the default (by far the most common); 2/4 is chosen only
 * when beats 1 and 3 carry the same accent and the harmony changes every two beats.
 *
 * <p>Downbeats: the sum of the features is the accent; for the chosen bar length the phase
 * whose beats have the largest mean accent minus that of the other beats holds the downbeats.
 *
 * <p>Stateless and thread-safe.
 */
public final class MeterEstimator {

    /** Fewer beats than this give {@link Meter#UNKNOWN}. */
    static final int MIN_BEATS = 8;
    private static final double FLUX_WEIGHT = 1.0;
    private static final double LOW_WEIGHT = 1.0;
    private static final double LOUDNESS_WEIGHT = 1.0;
    private static final double HARMONY_WEIGHT = 1.0;
    /**
     * Smallest spreads that count as accents, so that the jitter of identical clicks is not
     * mistaken for a pattern: 10 % of the mean flux, 1 dB of loudness, 0.05 of cosine distance.
     */
    private static final double RELATIVE_FLOOR = 0.1;
    private static final double LOUDNESS_FLOOR_DB = 1.0;
    private static final double HARMONY_FLOOR = 0.05;
    /** Compound bars are of two beats when beats two apart are at least this alike, relative to four apart. */
    private static final double COMPOUND_TWO_BEAT_SHARE = 0.5;
    /** Accent difference (z units) between beats 1 and 3 that shows a bar of four. */
    private static final double FOUR_BEAT_CONTRAST = 0.3;

    /**
     * @param beats    beat frames, ascending ({@link BeatTracker#track})
     * @param envelope onset envelopes of the same recording
     * @param chroma   chroma per frame, {@code float[frames * 12]} ({@link Chromagram#values()}),
     *                 or null when not available
     */
    public Meter estimate(int[] beats, OnsetEnvelope envelope, float[] chroma) {
        int n = beats.length;
        if (n < MIN_BEATS) {
            return Meter.UNKNOWN;
        }
        double[] fluxAtBeats = riseAt(envelope.flux(), beats);
        double[] lowAtBeats = riseAt(envelope.lowBandFlux(), beats);
        double[] flux = standardised(fluxAtBeats, RELATIVE_FLOOR * meanAbs(fluxAtBeats));
        double[] low = standardised(lowAtBeats, RELATIVE_FLOOR * meanAbs(lowAtBeats));
        double[] loud = standardised(loudnessAt(envelope.energy(), beats), LOUDNESS_FLOOR_DB);
        double[] harmony = chroma == null ? new double[n]
                : standardised(chromaChange(chroma, beats), HARMONY_FLOOR);
        double[] accent = new double[n];
        for (int i = 0; i < n; i++) {
            accent[i] = FLUX_WEIGHT * flux[i] + LOW_WEIGHT * low[i] + LOUDNESS_WEIGHT * loud[i]
                    + HARMONY_WEIGHT * harmony[i];
        }

        int phase2 = bestPhase(accent, 2);
        int phase3 = bestPhase(accent, 3);
        int phase4 = bestPhase(accent, 4);
        boolean compound = subdividedInThree(envelope.flux(), beats);
        double[][] features = {flux, low, loud, harmony};
        double r2 = lagCorrelation(features, 2);
        double r3 = lagCorrelation(features, 3);
        double r4 = lagCorrelation(features, 4);
        double binary = Math.max(r2, r4);

        if (r3 > binary) {
            return new Meter(compound ? "9/8" : "3/4", saturate((r3 - binary) / features.length * 2), 3, phase3);
        }
        double familyConfidence = saturate((binary - r3) / features.length * 2);
        if (compound) {
            // dotted-quarter beats: bars of two (6/8) unless beats two apart are clearly less
            // alike than beats four apart
            if (r2 >= COMPOUND_TWO_BEAT_SHARE * r4) {
                return new Meter("6/8", familyConfidence * saturate(Math.max(0.0, r2) / 2), 2, phase2);
            }
            return new Meter("12/8", familyConfidence * saturate((r4 - r2) / 2), 4, phase4);
        }
        // beats 1 and 3 of a bar of four: do they differ?
        double fourBeat = Math.abs(phaseMean(accent, 4, phase4) - phaseMean(accent, 4, (phase4 + 2) % 4));
        if (fourBeat >= FOUR_BEAT_CONTRAST) {
            return new Meter("4/4", familyConfidence * saturate(fourBeat), 4, phase4);
        }
        if (harmonyChangesEveryTwoBeats(harmony, phase4)) {
            return new Meter("2/4", familyConfidence * 0.5, 2, phase2);
        }
        // no sign of the bar length: 4/4 on the prior, with the bar phase a coin toss between
        // the two strong beats
        return new Meter("4/4", familyConfidence * 0.5, 4, phase4);
    }

    /**
     * Sum over the accent features of the mean product of each beat's value with that of the
     * beat {@code lag} later: how alike beats {@code lag} apart are, the bar length showing as
     * the lag at which they are most alike. Unlike the phase contrasts it needs no agreement
     * between the features on which beat is the downbeat (without drums, the bass may move on
     * beat 3 of a waltz while the melody leans on beat 1).
     */
    static double lagCorrelation(double[][] features, int lag) {
        double sum = 0;
        for (double[] f : features) {
            int n = f.length;
            if (n <= lag) {
                continue;
            }
            double acc = 0;
            for (int i = 0; i + lag < n; i++) {
                acc += f[i] * f[i + lag];
            }
            sum += acc / (n - lag);
        }
        return sum;
    }

    /** 1 - e^{-2x}: maps a margin in z units to 0..1 (0.5 z gives 0.63, 1 z gives 0.86). */
    private static double saturate(double margin) {
        return margin <= 0 ? 0.0 : 1.0 - Math.exp(-2.0 * margin);
    }

    private static boolean harmonyChangesEveryTwoBeats(double[] harmony, int phase4) {
        double onBar = phaseMean(harmony, 4, phase4);
        double midBar = phaseMean(harmony, 4, (phase4 + 2) % 4);
        double offBeats = 0.5 * (phaseMean(harmony, 4, (phase4 + 1) % 4) + phaseMean(harmony, 4, (phase4 + 3) % 4));
        return onBar - offBeats > 0.5 && midBar - offBeats > 0.5
                && Math.abs(onBar - midBar) < 0.25 * (onBar - offBeats);
    }

    /** True when the onset flux at 1/3 and 2/3 of the beats clearly exceeds that at 1/2. */
    static boolean subdividedInThree(float[] flux, int[] beats) {
        double half = 0;
        double thirds = 0;
        double onBeat = 0;
        int intervals = beats.length - 1;
        for (int i = 0; i < intervals; i++) {
            int a = beats[i];
            double len = beats[i + 1] - a;
            half += maxNear(flux, (int) Math.round(a + len / 2));
            thirds += 0.5 * (maxNear(flux, (int) Math.round(a + len / 3))
                    + maxNear(flux, (int) Math.round(a + 2 * len / 3)));
            onBeat += maxNear(flux, a);
        }
        return thirds > 1.5 * half && thirds > 0.2 * onBeat;
    }

    private static int bestPhase(double[] accent, int barLength) {
        int best = 0;
        for (int p = 1; p < barLength; p++) {
            if (contrast(accent, barLength, p) > contrast(accent, barLength, best)) {
                best = p;
            }
        }
        return best;
    }

    /** Mean accent of the beats on {@code phase} minus the mean of the other beats. */
    private static double contrast(double[] accent, int barLength, int phase) {
        double on = 0;
        double off = 0;
        int onCount = 0;
        int offCount = 0;
        for (int i = 0; i < accent.length; i++) {
            if (i % barLength == phase) {
                on += accent[i];
                onCount++;
            } else {
                off += accent[i];
                offCount++;
            }
        }
        return on / Math.max(1, onCount) - off / Math.max(1, offCount);
    }

    private static double phaseMean(double[] x, int barLength, int phase) {
        double sum = 0;
        int count = 0;
        for (int i = phase; i < x.length; i += barLength) {
            sum += x[i];
            count++;
        }
        return count == 0 ? 0 : sum / count;
    }

    /**
     * Flux summed from one frame before to two after each beat: the whole rise of the onset,
     * which unlike the single largest frame does not depend on where the onset falls between
     * frames.
     */
    static double[] riseAt(float[] flux, int[] beats) {
        double[] out = new double[beats.length];
        for (int i = 0; i < beats.length; i++) {
            for (int t = Math.max(0, beats[i] - 1); t <= Math.min(flux.length - 1, beats[i] + 2); t++) {
                out[i] += flux[t];
            }
        }
        return out;
    }

    /**
     * Level of each beat, dB: the energy of the five frames centred on it, which together span
     * one analysis window. Hann-squared windows at quarter-frame hops sum to a constant, so a
     * short sound counts the same wherever it falls between frame centres.
     */
    static double[] loudnessAt(float[] energy, int[] beats) {
        double[] out = new double[beats.length];
        for (int i = 0; i < beats.length; i++) {
            double sum = 1e-12;
            for (int t = Math.max(0, beats[i] - 2); t <= Math.min(energy.length - 1, beats[i] + 2); t++) {
                sum += energy[t];
            }
            out[i] = 10.0 * Math.log10(sum);
        }
        return out;
    }

    /** Largest value within one frame of each beat. */
    static double[] maxNear(float[] x, int[] beats) {
        double[] out = new double[beats.length];
        for (int i = 0; i < beats.length; i++) {
            out[i] = maxNear(x, beats[i]);
        }
        return out;
    }

    private static double maxNear(float[] x, int frame) {
        double best = Double.NEGATIVE_INFINITY;
        for (int t = Math.max(0, frame - 1); t <= Math.min(x.length - 1, frame + 1); t++) {
            best = Math.max(best, x[t]);
        }
        return best == Double.NEGATIVE_INFINITY ? 0 : best;
    }

    /**
     * Cosine distance between the mean chroma of the beat span before each beat and the span
     * after it. The first and last beat, which lack a span on one side, get the mean of the
     * others so that they count as neither change nor no change.
     */
    static double[] chromaChange(float[] chroma, int[] beats) {
        int pc = Chromagram.PITCH_CLASSES;
        int frames = chroma.length / pc;
        int n = beats.length;
        double[] out = new double[n];
        double[] before = new double[pc];
        double[] after = new double[pc];
        for (int i = 1; i < n - 1; i++) {
            meanChroma(chroma, frames, beats[i - 1], beats[i], before);
            meanChroma(chroma, frames, beats[i], beats[i + 1], after);
            double dot = 0;
            double nb = 0;
            double na = 0;
            for (int c = 0; c < pc; c++) {
                dot += before[c] * after[c];
                nb += before[c] * before[c];
                na += after[c] * after[c];
            }
            out[i] = nb > 0 && na > 0 ? 1.0 - dot / Math.sqrt(nb * na) : 0.0;
        }
        if (n > 2) {
            double mean = 0;
            for (int i = 1; i < n - 1; i++) {
                mean += out[i];
            }
            out[0] = mean / (n - 2);
            out[n - 1] = out[0];
        }
        return out;
    }

    private static void meanChroma(float[] chroma, int frames, int from, int to, double[] out) {
        java.util.Arrays.fill(out, 0.0);
        int a = Math.max(0, from);
        int b = Math.min(frames, to);
        for (int t = a; t < b; t++) {
            for (int c = 0; c < Chromagram.PITCH_CLASSES; c++) {
                out[c] += chroma[t * Chromagram.PITCH_CLASSES + c];
            }
        }
    }

    /** (x - mean) / max(std, minSpread) over the array. */
    static double[] standardised(double[] x, double minSpread) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        double scale = Math.max(Math.sqrt(var / n), minSpread);
        double[] out = new double[n];
        if (!(scale > 0)) {
            return out;
        }
        for (int i = 0; i < n; i++) {
            out[i] = (x[i] - mean) / scale;
        }
        return out;
    }

    private static double meanAbs(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += Math.abs(v);
        }
        return x.length == 0 ? 0 : sum / x.length;
    }
}
