package org.audiomesh.enhancement.dsp;

/**
 * Spectral gains for one channel of noisy speech: noise PSD from a {@link NoisePowerTracker},
 * a-priori SNR by the decision-directed rule (Ephraim and Malah 1984), the MMSE
 * log-spectral-amplitude gain (Ephraim and Malah 1985), and the speech-presence weighting of
 * the optimally-modified LSA (Cohen 2002), which pulls bins where speech is unlikely down to the
 * gain floor instead of leaving isolated spectral peaks ("musical noise").
 *
 * <p>Per bin and frame, with {@code gamma = |Y|^2 / sigma^2}:
 * <pre>
 *   xiDD = max(a * G1'^2 gamma' + (1 - a) max(gamma - 1, 0), xiMin)    (' = previous frame)
 *   xi   = max((xiDD / (1 + xiDD))^2 gamma, xiMin)                         (second step)
 *   v    = xi gamma / (1 + xi)
 *   G1   = xi / (1 + xi) exp(E1(v) / 2)                                 (LSA gain, at most 1)
 *   q    = max(q_SAP, w q_burst)       (a-priori speech absence: {@link SpeechAbsence}; w, q_burst below)
 *   p    = 1 / (1 + q / (1 - q) (1 + xi) exp(-v))                         (speech presence)
 *   G    = (G1^p Gmin^(1 - p))^c,  at least Gmin^c
 * </pre>
 * The a-priori absence probability {@code q} is estimated per bin and frame from the smoothed
 * a-priori SNR around it (Cohen's OM-LSA), so noise-only stretches go down to the floor and
 * speech is weighted towards the LSA gain. Additions to the textbook chain:
 * <ul>
 *   <li>The second step of the two-step noise reduction (Plapous, Marro and Scalart 2006): the
 *       decision-directed estimate follows speech onsets and offsets one frame late; re-estimating
 *       the a-priori SNR from its own Wiener gain on the current frame removes that lag.</li>
 *   <li>Bins under {@value #SUB_SPEECH_HZ} Hz (rumble, drift, the low end of pink noise: no speech
 *       there) never get a larger gain than the first bin above; their own periodograms swing too
 *       slowly and widely for the noise tracker to follow.</li>
 *   <li>Loud transients ({@link TransientNoise}): in a frame judged a broadband noise burst, the
 *       noise PSD {@code sigma^2} is raised to the burst's own smoothed spectrum (times the frame's
 *       transient weight {@code w}), so the burst is attenuated like steady noise, and the absence
 *       probability is at least {@code w q_burst}. Transients quieter than
 *       {@value #TRANSIENT_QUIET_DB} dB under the recording's loud level (unvoiced speech of a
 *       clean recording) are left alone, fully counted from {@value #TRANSIENT_LOUD_DB} dB. The
 *       estimator looks one frame ahead for this: a strong burst frame counts only when one of its
 *       neighbours is strong too ({@link #burstWeight}), so the single frame of a plosive's release
 *       is not taken for a burst.</li>
 *   <li>Clean recordings ({@link LevelRange}): the exponent {@code c} scales every attenuation in
 *       dB. It is 1 while the loud frames are at most {@value #NOISY_RANGE_DB} dB over the quiet
 *       ones, levels taken above {@value #SUB_SPEECH_HZ} Hz so that a recording's own rumble does
 *       not shrink the range (speech in steady noise up to about 14 dB SNR) and falls so that the largest
 *       attenuation is {@value #CLEAN_ATTENUATION_DB} dB from a range of {@value #CLEAN_RANGE_DB} dB
 *       on (about 18 dB SNR and cleaner: such a recording, whose own faint floor is left as it is,
 *       passes almost unchanged); transient frames keep
 *       {@code c = 1}.</li>
 * </ul>
 * Musical noise (isolated short-lived spectral peaks) is held down three ways: the
 * decision-directed a-priori SNR is a smoothed quantity (Cappé 1994), the presence weighting
 * pulls unlikely bins to the floor, and the floor itself leaves a smooth residual instead of holes.
 * The decision-directed smoothing factor is 0.9 at a 16 ms hop, converted to the actual hop.
 * The speech and noise powers seen (transients counted as noise) are summed for the SNR estimate.
 * Not thread-safe; one instance per channel.
 */
public final class SpeechGainEstimator {
    /** Smoothing of the decision-directed rule, at a 16 ms hop. */
    private static final double DD_ALPHA_16MS = 0.9;
    private static final double XI_MIN = Math.pow(10, -25 / 10.0);
    /** A transient this far under the loud level of the recording (dB) is left to the steady path. */
    static final double TRANSIENT_QUIET_DB = -18;
    /** A transient this far under the loud level of the recording (dB), or louder, counts fully. */
    static final double TRANSIENT_LOUD_DB = -10;
    /** Level range (dB) up to which the full attenuation applies. */
    static final double NOISY_RANGE_DB = 20.5;
    /** Level range (dB) from which a recording counts as clean. */
    static final double CLEAN_RANGE_DB = 25;
    /** Largest attenuation (dB) of a clean recording. */
    static final double CLEAN_ATTENUATION_DB = 1;
    /**
     * Burst-detector weight from which a frame is a strong burst candidate; a strong frame counts
     * only next to another strong frame.
     */
    static final double BURST_STRONG = 0.75;
    /** Frames between two updates of the level range. */
    private static final int RANGE_UPDATE_FRAMES = 8;

    /** Bins under this frequency (Hz) never get a larger gain than the first bin above it. */
    static final double SUB_SPEECH_HZ = 50;
    private final float[] previousXi;
    private final SpeechAbsence absence;
    private final int subSpeechBins;
    private final int bins;
    private final NoisePowerTracker tracker;
    private final TransientNoise transients;
    private final LevelRange levelRange;
    private final double attenuationDb;
    private final double logGainFloor;
    private final double ddAlpha;
    private final double burstAbsenceRatio;
    private final float[] previousCleanSnr;
    private final float[] effectiveNoise;
    private double steadyCompression = 1;
    private double cleanShare;
    private double lastBurstWeight;
    private final float[] pending;
    private boolean havePending;
    private double pendingWeight;
    private double previousWeight;
    private float[] burstPsd;
    private float[] nextBurstPsd;

    private double speechEnergy;
    private double noiseEnergy;
    private long frames;

    /**
     * @param bins            spectrum bins per frame
     * @param hopSeconds      time between frames (s)
     * @param binHz           width of one bin (Hz)
     * @param attenuationDb   largest attenuation of a bin (dB, positive), sets the gain floor
     * @param speechAbsence   a-priori probability that a bin holds no speech in a frame judged a noise
     *                        burst (scaled by the burst weight; elsewhere {@link SpeechAbsence}), in (0, 1)
     */
    public SpeechGainEstimator(int bins, double hopSeconds, double binHz, double attenuationDb, double speechAbsence) {
        this(bins, hopSeconds, binHz, attenuationDb, speechAbsence, true);
    }

    /**
     * @param burstRemoval whether frames judged loud noise bursts get the burst's spectrum as their
     *                     noise (when false, bursts go the steady path like any other sound)
     */
    public SpeechGainEstimator(int bins, double hopSeconds, double binHz, double attenuationDb, double speechAbsence,
                               boolean burstRemoval) {
        this.bins = bins;
        this.previousXi = new float[bins];
        this.absence = new SpeechAbsence(bins, hopSeconds, binHz);
        this.subSpeechBins = Math.min(bins - 1, (int) Math.ceil(SUB_SPEECH_HZ / binHz));
        this.tracker = new NoisePowerTracker(bins, hopSeconds);
        this.transients = burstRemoval ? new TransientNoise(bins, binHz) : null;
        this.levelRange = new LevelRange(hopSeconds, subSpeechBins);
        this.attenuationDb = attenuationDb;
        this.logGainFloor = -attenuationDb / 20 * Math.log(10);
        this.effectiveNoise = new float[bins];
        this.ddAlpha = Math.pow(DD_ALPHA_16MS, hopSeconds / 0.016);
        this.burstAbsenceRatio = speechAbsence / (1 - speechAbsence);
        this.previousCleanSnr = new float[bins];
        this.pending = new float[bins];
        this.burstPsd = new float[bins];
        this.nextBurstPsd = new float[bins];
    }

    /** Shows a frame of the held-back start to the level statistics before any gains are asked for. */
    public void prime(float[] power) {
        levelRange.add(power);
    }

    public NoisePowerTracker tracker() {
        return tracker;
    }

    /**
     * Takes the next frame's periodogram and computes the gains of the frame before it: one frame
     * of lookahead, so that a noise burst is recognised by its neighbours on both sides.
     *
     * @param power periodogram {@code |Y|^2} of the newest frame, {@code float[bins]}
     * @param gains receives the gains of the previous frame, {@code float[bins]}, in
     *              {@code [10^(-attenuationDb / 20), 1]}
     * @return whether {@code gains} was written (false for the very first frame)
     */
    public boolean gains(float[] power, float[] gains) {
        double nextWeight = 0;
        if (transients != null) {
            nextWeight = transients.analyse(power, tracker.noise());
            if (nextWeight > 0) {
                System.arraycopy(transients.psd(), 0, nextBurstPsd, 0, bins);
            }
        }
        boolean ready = havePending;
        if (ready) {
            double w = burstWeight(previousWeight, pendingWeight, nextWeight);
            previousWeight = pendingWeight;
            frameGains(pending, w, burstPsd, gains);
        }
        System.arraycopy(power, 0, pending, 0, bins);
        pendingWeight = nextWeight;
        float[] swap = burstPsd;
        burstPsd = nextBurstPsd;
        nextBurstPsd = swap;
        havePending = true;
        return ready;
    }

    /**
     * The burst weight of a frame from its own and its neighbours' detector weights. A strong frame
     * (weight at least {@value #BURST_STRONG}) keeps its weight only when a neighbour is strong too:
     * a burst of noise lasts 50 ms and more, so its frames come in runs, while the release of a
     * plosive in a close-miked recording makes a single strong frame, which gets weight 0. Weaker
     * frames keep their own weight (the edges of a burst, low-passed thumps).
     */
    static double burstWeight(double previous, double current, double next) {
        boolean strong = current >= BURST_STRONG;
        if (strong && (previous >= BURST_STRONG || next >= BURST_STRONG)) {
            return current;
        }
        return strong ? 0 : current;
    }

    private void frameGains(float[] power, double burst, float[] burstSpectrum, float[] gains) {
        tracker.update(power);
        levelRange.add(power);
        if (frames % RANGE_UPDATE_FRAMES == 0) {
            cleanShare = ramp(levelRange.rangeDb(), NOISY_RANGE_DB, CLEAN_RANGE_DB);
            steadyCompression = compression(levelRange.rangeDb(), attenuationDb);
        }
        double compression = steadyCompression;
        float[] noise = tracker.noise();
        double w = burst;
        if (w > 0 && levelRange.weight() > 0) {
            w *= ramp(levelRange.levelDb(power) - levelRange.loudDb(), TRANSIENT_QUIET_DB, TRANSIENT_LOUD_DB);
        }
        lastBurstWeight = w;
        if (w > 0) {
            compression = (1 - w) * steadyCompression + w;
            float weight = (float) w;
            for (int k = 0; k < bins; k++) {
                effectiveNoise[k] = Math.max(noise[k], weight * burstSpectrum[k]);
            }
            noise = effectiveNoise;
        }
        absence.update(previousXi);
        double speech = 0;
        double noiseSum = 0;
        for (int k = 0; k < bins; k++) {
            double sigma = noise[k];
            double gamma = Math.min(power[k] / sigma, 1e6);
            double xi = ddAlpha * previousCleanSnr[k] + (1 - ddAlpha) * Math.max(gamma - 1, 0);
            if (xi < XI_MIN) {
                xi = XI_MIN;
            }
            // two-step: the decision-directed estimate lags speech onsets and offsets by a frame;
            // its Wiener gain applied to this frame gives a second, current estimate
            double wiener = xi / (1 + xi);
            xi = Math.max(wiener * wiener * gamma, XI_MIN);
            double ratio = xi / (1 + xi);
            double v = ratio * gamma;
            double expMinusV = FastMath.exp(-v);
            double g1 = Math.min(1.0, ratio * FastMath.exp(0.5 * ExponentialIntegral.e1Fast(v, expMinusV)));
            previousXi[k] = (float) xi;
            double absent = Math.max(absence.ratio(k), w * burstAbsenceRatio);
            double p = 1.0 / (1.0 + absent * (1 + xi) * expMinusV);
            // (the fast log is off by up to 2e-4: clamped so that no gain exceeds 1)
            double logG = Math.min(0, Math.max(p * FastMath.log(Math.max(g1, 1e-10)) + (1 - p) * logGainFloor,
                    logGainFloor));
            gains[k] = (float) FastMath.exp(compression * logG);
            previousCleanSnr[k] = (float) (g1 * g1 * gamma);
            speech += Math.max(power[k] - sigma, 0);
            noiseSum += sigma;
        }
        for (int k = 0; k < subSpeechBins; k++) {
            gains[k] = Math.min(gains[k], gains[subSpeechBins]);
        }
        speechEnergy += speech;
        noiseEnergy += noiseSum;
        frames++;
    }

    /**
     * The exponent applied to the log gains of steady noise: 1 up to a level range of
     * {@value #NOISY_RANGE_DB} dB, falling linearly so that the largest attenuation is
     * {@value #CLEAN_ATTENUATION_DB} dB (or {@code attenuationDb} if smaller) from
     * {@value #CLEAN_RANGE_DB} dB on.
     */
    static double compression(double rangeDb, double attenuationDb) {
        if (attenuationDb <= 0) {
            return 1;
        }
        double clean = ramp(rangeDb, NOISY_RANGE_DB, CLEAN_RANGE_DB);
        double limit = attenuationDb + clean * (Math.min(CLEAN_ATTENUATION_DB, attenuationDb) - attenuationDb);
        return limit / attenuationDb;
    }

    private static double ramp(double x, double lo, double hi) {
        return x <= lo ? 0 : x >= hi ? 1 : (x - lo) / (hi - lo);
    }

    /**
     * How clean the recording looks so far, from its level range: 0 up to {@value #NOISY_RANGE_DB} dB
     * (noisy: full attenuation), 1 from {@value #CLEAN_RANGE_DB} dB on (clean: at most
     * {@value #CLEAN_ATTENUATION_DB} dB); updated every few frames.
     */
    public double cleanShare() {
        return cleanShare;
    }

    /** Weight (0 to 1) with which the last frame counted as a loud noise burst; 0 without burst removal. */
    public double burstWeight() {
        return lastBurstWeight;
    }

    /** Sum over all frames and bins of the estimated speech power ({@code max(|Y|^2 - sigma^2, 0)}). */
    public double speechEnergy() {
        return speechEnergy;
    }

    /** Sum over all frames and bins of the estimated noise power. */
    public double noiseEnergy() {
        return noiseEnergy;
    }

    public long frames() {
        return frames;
    }
}
