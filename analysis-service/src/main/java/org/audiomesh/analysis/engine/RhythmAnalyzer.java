package org.audiomesh.analysis.engine;

import java.util.Optional;

/**
 * Tempo, beats and meter of one recording from its onset envelope: global tempo
 * ({@link TempoEstimator}, checked by {@link MetricalLevel}), dynamic-programming beats
 * ({@link BeatTracker}), meter and downbeats ({@link MeterEstimator}), and the tempo curve
 * ({@link TempoCurve}).
 *
 * <p>Drift: besides the global tempo, the local tempo path ({@link TempoEstimator#path}) is
 * estimated; when its fastest and slowest period differ by more than {@value #DRIFT_SPREAD}
 * and its windows are more periodic than the whole (a drifting tempo smears the global
 * autocorrelation), the beats are tracked with the path's period at every frame and the tempo
 * is the median beat interval. On our benchmark the path of steady songs spreads by at most 1 %,
 * that of songs drifting by 12 % to 25 % by 8 % or more.
 *
 * <p>Stateless and thread-safe.
 */
public final class RhythmAnalyzer {

    /**
     * Tuning of the rhythm analysis.
     *
     * @param startBpm            centre of the tempo prior, BPM
     * @param tightness           how strictly beats follow the period (Ellis/librosa: 100)
     * @param minDurationSeconds  shorter audio gets no tempo ("too short"), seconds
     * @param silencePeakLevel    audio whose peak stays below this level gets no tempo
     *                            ("silence"), linear full scale (0.001 = -60 dBFS)
     * @param minTempoConfidence  a tempo less periodic than this is not reported ("no steady
     *                            beat"): white noise scores below 0.1, music above 0.4
     */
    public record Settings(double startBpm, double tightness, double minDurationSeconds,
            double silencePeakLevel, double minTempoConfidence) {

        public static final Settings DEFAULTS = new Settings(120.0, 100.0, 2.0, 0.001, 0.15);
    }

    /** A local tempo path whose fastest and slowest period differ by more than this is a drift. */
    static final double DRIFT_SPREAD = 1.05;

    private final Settings settings;
    private final TempoEstimator tempoEstimator;
    private final BeatTracker beatTracker;
    private final MetricalLevel metricalLevel = new MetricalLevel();
    private final MeterEstimator meterEstimator = new MeterEstimator();

    public RhythmAnalyzer() {
        this(Settings.DEFAULTS);
    }

    public RhythmAnalyzer(Settings settings) {
        this.settings = settings;
        this.tempoEstimator = new TempoEstimator(settings.startBpm(), 1.0, 30.0, 300.0);
        this.beatTracker = new BeatTracker(settings.tightness());
    }

    public Settings settings() {
        return settings;
    }

    /**
     * @param envelope  onset envelopes of the recording
     * @param chroma    chroma per envelope frame ({@link Chromagram#values()}), or null
     * @param duration  length of the recording, seconds
     * @param peak      largest sample magnitude of the (mono) recording, linear
     */
    public BeatAnalysis analyze(OnsetEnvelope envelope, float[] chroma, double duration, float peak) {
        double[] onsets = OnsetStrength.onsets(envelope);
        if (peak < settings.silencePeakLevel()) {
            return BeatAnalysis.withoutTempo(BeatAnalysis.SILENCE, new double[0], duration);
        }
        if (duration < settings.minDurationSeconds()) {
            return BeatAnalysis.withoutTempo(BeatAnalysis.TOO_SHORT, onsets, duration);
        }
        double rate = envelope.frameRate();
        float[] strength = envelope.strength();
        Optional<TempoEstimate> estimate = tempoEstimator.estimate(strength, rate);
        if (estimate.isEmpty()) {
            return BeatAnalysis.withoutTempo(BeatAnalysis.NO_ONSETS, onsets, duration);
        }
        Optional<TempoPath> path = tempoEstimator.path(strength, rate);
        boolean drifting = path.isPresent() && path.get().spread() > DRIFT_SPREAD
                && path.get().confidence() > estimate.get().confidence();
        double confidence = drifting ? path.get().confidence() : estimate.get().confidence();
        if (confidence < settings.minTempoConfidence()) {
            return BeatAnalysis.withoutTempo(BeatAnalysis.NO_STEADY_BEAT, onsets, duration);
        }
        TempoPath periods = drifting ? path.get() : TempoPath.constant(estimate.get().periodFrames(), strength.length,
                confidence);
        int[] beatFrames = beatTracker.track(strength, periods.periodFrames());
        double correction = metricalLevel.correction(envelope.flux(), beatFrames, 60 * rate / periods.medianPeriod());
        if (correction != 1.0) {
            periods = periods.scaled(correction);
            beatFrames = beatTracker.track(strength, periods.periodFrames());
        }
        if (beatFrames.length < 2) {
            return BeatAnalysis.withoutTempo(BeatAnalysis.NO_BEATS, onsets, duration);
        }
        double[] beatPositions = refine(envelope.flux(), beatFrames);
        double bpm = drifting ? 60.0 * rate / medianInterval(beatPositions)
                : 60.0 * rate / fittedPeriod(beatPositions, periods.medianPeriod());
        Meter meter = meterEstimator.estimate(beatFrames, envelope, chroma);

        double[] beats = new double[beatPositions.length];
        for (int i = 0; i < beats.length; i++) {
            beats[i] = Math.max(0.0, envelope.timeOf(beatPositions[i]));
        }
        int[] downbeatIndices = meter.downbeatIndices(beats.length);
        double[] downbeats = new double[downbeatIndices.length];
        for (int i = 0; i < downbeats.length; i++) {
            downbeats[i] = beats[downbeatIndices[i]];
        }
        TempoPoint[] curve = TempoCurve.of(beats, meter.beatsPerBar(), meter.firstDownbeat());
        return new BeatAnalysis(bpm, confidence, curve, beats, downbeats,
                meter.timeSignature(), meter.confidence(),
                beatConfidence(envelope.flux(), beatFrames, duration * rate),
                regularity(beatPositions), onsets, duration, null);
    }

    /** Median distance between neighbouring positions. */
    static double medianInterval(double[] positions) {
        double[] d = new double[positions.length - 1];
        for (int i = 0; i < d.length; i++) {
            d[i] = positions[i + 1] - positions[i];
        }
        java.util.Arrays.sort(d);
        return d[d.length / 2];
    }

    /**
     * Sub-frame beat positions: the vertex of the parabola through the onset flux around the
     * strongest frame within one frame of each beat (the beat frame itself when flat).
     */
    static double[] refine(float[] flux, int[] beats) {
        double[] out = new double[beats.length];
        for (int i = 0; i < beats.length; i++) {
            int b = beats[i];
            int peak = b;
            for (int t = Math.max(1, b - 1); t <= Math.min(flux.length - 2, b + 1); t++) {
                if (flux[t] > flux[peak]) {
                    peak = t;
                }
            }
            if (peak > 0 && peak < flux.length - 1 && flux[peak] > 0) {
                out[i] = peak + TempoEstimator.parabolicOffset(flux[peak - 1], flux[peak], flux[peak + 1]);
            } else {
                out[i] = b;
            }
        }
        return out;
    }

    /**
     * Least-squares beat period (frames) of beat positions against their beat numbers. Numbers
     * advance by the nominal periods between neighbours, so a skipped beat or a slightly wrong
     * nominal period does not distort the fit.
     */
    static double fittedPeriod(double[] positions, double nominalPeriod) {
        int n = positions.length;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        double k = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                k += Math.max(1, Math.round((positions[i] - positions[i - 1]) / nominalPeriod));
            }
            sx += k;
            sy += positions[i];
            sxx += k * k;
            sxy += k * positions[i];
        }
        double denom = n * sxx - sx * sx;
        if (!(denom > 0)) {
            return nominalPeriod;
        }
        double slope = (n * sxy - sx * sy) / denom;
        return slope > 0 ? slope : nominalPeriod;
    }

    /**
     * (on - between) / (on + between) of the mean flux on the beats and away from them, times the
     * share of the audio between the first and last beat.
     */
    static double beatConfidence(float[] flux, int[] beats, double frames) {
        double on = 0;
        for (int b : beats) {
            double best = 0;
            for (int t = Math.max(0, b - 1); t <= Math.min(flux.length - 1, b + 1); t++) {
                best = Math.max(best, flux[t]);
            }
            on += best;
        }
        on /= beats.length;
        double between = 0;
        int count = 0;
        for (int i = 0; i + 1 < beats.length; i++) {
            for (int t = beats[i] + 2; t <= beats[i + 1] - 2; t++) {
                between += flux[t];
                count++;
            }
        }
        between = count > 0 ? between / count : 0;
        if (!(on > 0)) {
            return 0.0;
        }
        double contrast = (on - between) / (on + between);
        double span = beats[beats.length - 1] - beats[0];
        double coverage = beats.length > 1 ? Math.min(1.0, span * beats.length / (beats.length - 1) / frames) : 0;
        return clamp01(contrast * coverage);
    }

    /** 1 - 4 * coefficient of variation of the inter-beat intervals, clipped to 0..1. */
    static double regularity(double[] positions) {
        int n = positions.length - 1;
        if (n < 2) {
            return 0.0;
        }
        double mean = (positions[n] - positions[0]) / n;
        double var = 0;
        for (int i = 0; i < n; i++) {
            double d = positions[i + 1] - positions[i] - mean;
            var += d * d;
        }
        double cv = Math.sqrt(var / n) / mean;
        return clamp01(1.0 - 4.0 * cv);
    }

    private static double clamp01(double x) {
        return Math.max(0.0, Math.min(1.0, x));
    }
}
