package org.audiomesh.enhancement.engine;

import org.audiomesh.common.dsp.InverseStft;
import org.audiomesh.common.dsp.Stft;
import org.audiomesh.common.dsp.Window;
import org.audiomesh.enhancement.dsp.HumDetector;
import org.audiomesh.enhancement.dsp.HumFilter;
import org.audiomesh.enhancement.dsp.NoiseClassifier;
import org.audiomesh.enhancement.dsp.NoisePowerTracker;
import org.audiomesh.enhancement.dsp.SpeechGainEstimator;

import java.io.IOException;
import java.util.Arrays;

/**
 * The built-in enhancer (no model weights): short-time spectral suppression of noise at the
 * recording's own sample rate.
 *
 * <ol>
 *   <li>The first {@value #INIT_SECONDS} s are held back: they are searched for mains hum
 *       ({@link HumDetector}; when found, every channel goes through a {@link HumFilter} from
 *       the first sample on), and per bin the 20 % quantile of their periodograms, divided by
 *       that quantile of the exponential distribution (a noise periodogram's), starts the noise
 *       estimate: unbiased for noise alone and robust to speech in most of those frames (picking
 *       the quietest whole frames instead would bias coloured noise low). Frames of digital
 *       silence are left out; the frames also start the {@code LevelRange} of the estimator.</li>
 *   <li>Hann-windowed frames of 40 ms (640 samples at 16 kHz, 25 Hz bins: fine enough to tell
 *       the lowest speech harmonics from rumble and hum lines, short enough for onsets), hop a
 *       quarter frame; per frame a {@link SpeechGainEstimator} (noise PSD tracking,
 *       two-step decision-directed a-priori SNR, MMSE log-spectral-amplitude gain with speech-presence
 *       weighting and a gain floor, loud noise bursts, a smaller attenuation for clean
 *       recordings) gives one gain per bin. It looks one frame ahead: a frame's spectrum waits
 *       for the next frame before it is shaped.</li>
 *   <li>Hann-windowed overlap-add back to samples (squared windows sum to 1.5 at this hop,
 *       divided out); the delay of one frame minus one hop is removed, so output sample
 *       {@code i} belongs to input sample {@code i}.</li>
 * </ol>
 * With {@link ChannelMode#MID} the gains are estimated on the mean of the channels' spectra and
 * applied to each channel. Memory is a few frames per channel plus the held-back start.
 */
public final class StatisticalEnhancer implements StreamingEnhancer {
    static final double INIT_SECONDS = 1.5;
    private static final double FRAME_SECONDS = 0.04;
    private static final double QUIET_SHARE = 0.2;
    /** A-priori speech absence probability in frames of loud noise bursts. */
    private static final double SPEECH_ABSENCE = 0.5;

    /**
     * @param attenuationDb largest attenuation (dB, positive)
     * @param mode          how several channels are handled
     * @param humRemoval    whether to search for hum and notch it out
     * @param burstRemoval  whether loud broadband noise bursts are attenuated
     */
    public record Settings(double attenuationDb, ChannelMode mode, boolean humRemoval, boolean burstRemoval) {
        public Settings(double attenuationDb, ChannelMode mode, boolean humRemoval) {
            this(attenuationDb, mode, humRemoval, true);
        }

        /** The settings a job's options ask for. */
        public static Settings of(EnhancementOptions options) {
            return new Settings(options.attenuationDb(), options.channelMode(), options.humRemoval(),
                    options.burstRemoval());
        }
    }

    private final int rate;
    private final int channels;
    private final Settings settings;
    private final int frameSize;
    private final int hop;
    private final int bins;
    private final Stft stft;
    private final InverseStft istft;
    private final float olaScale;
    private final SpeechGainEstimator[] estimators;
    private final NoiseClassifier classifier;

    private final float[][] initBuffer;
    private int initFill;
    private boolean started;
    private HumDetector.Hum hum = HumDetector.Hum.NONE;
    private HumFilter[] humFilters;

    private final float[][] frame;
    private int frameFill;
    private final float[][] ola;
    private float[][] spectra;
    private float[][] pendingSpectra;
    private final float[] power;
    private final float[] gains;
    private final float[] synthesis;
    private final float[][] outBlock;
    private long inputFrames;
    private long emittedFrames;
    private long discard;
    private long limit = Long.MAX_VALUE;

    public StatisticalEnhancer(int sampleRate, int channels, Settings settings) {
        this.rate = sampleRate;
        this.channels = channels;
        this.settings = settings;
        this.frameSize = frameSize(sampleRate);
        this.hop = frameSize / 4;
        this.bins = frameSize / 2 + 1;
        float[] window = Window.hannPeriodic(frameSize);
        this.stft = new Stft(frameSize, hop, window);
        this.istft = new InverseStft(frameSize, hop, window);
        double sumSquares = 0;
        for (float w : window) {
            sumSquares += (double) w * w;
        }
        this.olaScale = (float) (hop / sumSquares);
        int estimatorCount = settings.mode() == ChannelMode.MID ? 1 : channels;
        double hopSeconds = (double) hop / sampleRate;
        this.estimators = new SpeechGainEstimator[estimatorCount];
        for (int i = 0; i < estimatorCount; i++) {
            estimators[i] = new SpeechGainEstimator(bins, hopSeconds, (double) sampleRate / frameSize, settings.attenuationDb(), SPEECH_ABSENCE, settings.burstRemoval());
        }
        this.classifier = new NoiseClassifier(bins, (double) sampleRate / frameSize);
        this.initBuffer = new float[channels][(int) Math.round(INIT_SECONDS * sampleRate)];
        this.frame = new float[channels][frameSize];
        this.ola = new float[channels][frameSize];
        this.spectra = new float[channels][2 * bins];
        this.pendingSpectra = new float[channels][2 * bins];
        this.power = new float[bins];
        this.gains = new float[bins];
        this.synthesis = new float[frameSize];
        this.outBlock = new float[channels][hop];
        this.frameFill = 0;
        this.discard = frameSize - hop;
    }

    /**
     * STFT length for a sample rate: the even length nearest to 40 ms whose only prime factors
     * are 2, 3 and 5, so the FFT stays fast (640 samples at 16 kHz, 1920 at 48 kHz).
     */
    static int frameSize(int sampleRate) {
        int target = (int) Math.max(64, Math.min(Math.round(FRAME_SECONDS * sampleRate), 1 << 14));
        for (int d = 0; ; d++) {
            for (int n : new int[] {target - d, target + d}) {
                if (n >= 2 && n % 2 == 0 && smooth(n)) {
                    return n;
                }
            }
        }
    }

    private static boolean smooth(int n) {
        for (int p : new int[] {2, 3, 5}) {
            while (n % p == 0) {
                n /= p;
            }
        }
        return n == 1;
    }

    public int frameSize() {
        return frameSize;
    }

    @Override
    public int sampleRate() {
        return rate;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public void process(float[][] in, int frames, PlanarSink out) throws IOException {
        int offset = 0;
        if (!started) {
            int n = Math.min(frames, initBuffer[0].length - initFill);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(in[c], 0, initBuffer[c], initFill, n);
            }
            initFill += n;
            offset = n;
            if (initFill < initBuffer[0].length) {
                return;
            }
            start(out);
        }
        if (offset < frames) {
            if (humFilters != null) {
                for (int c = 0; c < channels; c++) {
                    humFilters[c].process(in[c], offset, frames - offset); // in place: the caller's block is spent
                }
            }
            feed(in, offset, frames - offset, out);
        }
    }

    @Override
    public void finish(PlanarSink out) throws IOException {
        if (!started) {
            start(out);
        }
        limit = inputFrames;
        float[][] zeros = new float[channels][hop];
        while (emittedFrames < limit) {
            feedRaw(zeros, 0, hop, out);
        }
    }

    /**
     * How noisy the recording looks at the frames being emitted now, from 0 (a clean recording) to 1
     * (noisy speech): per channel the larger of 1 minus {@link SpeechGainEstimator#cleanShare()} (the
     * level range) and the frame's {@link SpeechGainEstimator#burstWeight()} (a loud burst over an
     * otherwise clean floor), averaged over the channels.
     */
    public double noisiness() {
        double noisy = 0;
        for (SpeechGainEstimator e : estimators) {
            noisy += Math.max(1 - e.cleanShare(), e.burstWeight());
        }
        return noisy / estimators.length;
    }

    @Override
    public Findings findings() {
        double speech = 0;
        double noise = 0;
        for (SpeechGainEstimator e : estimators) {
            speech += e.speechEnergy();
            noise += e.noiseEnergy();
        }
        double snr = noise <= 0 ? 99 : Math.min(99, 10 * Math.log10(Math.max(speech, 1e-30) / noise));
        double humShare = hum.present() ? hum.powerFraction() : 0;
        return new Findings(snr, classifier.classify(snr, humShare), hum.fundamentalHz(), hum.harmonics().size());
    }

    /** Ends the held-back start: hum search, noise initialisation, then the held samples go through. */
    private void start(PlanarSink out) throws IOException {
        started = true;
        int n = initFill;
        if (settings.humRemoval()) {
            hum = HumDetector.detectInMean(initBuffer, n, rate);
            humFilters = HumFilter.perChannel(hum, rate, channels);
            if (humFilters != null) {
                for (int c = 0; c < channels; c++) {
                    humFilters[c].process(initBuffer[c], 0, n);
                }
            }
        }
        initializeNoise(n);
        feed(initBuffer, 0, n, out);
    }

    private void initializeNoise(int n) {
        int frames = Math.max(1, (n - frameSize) / hop + 1);
        float[][] periodograms = new float[frames][bins];
        float[] spectrum = new float[2 * bins];
        float[] frameBuf = new float[frameSize];
        for (int e = 0; e < estimators.length; e++) {
            for (int t = 0; t < frames; t++) {
                float[] p = periodograms[t];
                Arrays.fill(p, 0f);
                if (estimators.length == 1 && channels > 1) {
                    Arrays.fill(frameBuf, 0f);
                    for (int c = 0; c < channels; c++) {
                        for (int i = 0; i < frameSize && t * hop + i < n; i++) {
                            frameBuf[i] += initBuffer[c][t * hop + i] / channels;
                        }
                    }
                } else {
                    Arrays.fill(frameBuf, 0f);
                    int available = Math.min(frameSize, Math.max(0, n - t * hop));
                    System.arraycopy(initBuffer[e], t * hop, frameBuf, 0, available);
                }
                stft.complexFrame(frameBuf, 0, spectrum);
                for (int k = 0; k < bins; k++) {
                    float re = spectrum[2 * k];
                    float im = spectrum[2 * k + 1];
                    p[k] = re * re + im * im;
                }
            }
            for (int t = 0; t < frames; t++) {
                estimators[e].prime(periodograms[t]);
            }
            // per bin, a low quantile of the periodogram over the frames, divided by that quantile of
            // the exponential distribution (a noise periodogram's): robust to speech in most frames.
            // Frames of digital silence (a zero-padded lead-in) are left out: they hold no noise.
            int heard = 0;
            for (int t = 0; t < frames; t++) {
                if (!NoisePowerTracker.isDigitalSilence(periodograms[t])) {
                    float[] swap = periodograms[heard];
                    periodograms[heard++] = periodograms[t];
                    periodograms[t] = swap;
                }
            }
            float[] mean = new float[bins];
            if (heard == 0) {
                estimators[e].tracker().initialize(mean);
                continue;
            }
            float[] column = new float[heard];
            int rank = (int) Math.floor(QUIET_SHARE * (heard - 1));
            double unbias = -Math.log(1 - (rank + 0.5) / heard);
            for (int k = 0; k < bins; k++) {
                for (int t = 0; t < heard; t++) {
                    column[t] = periodograms[t][k];
                }
                Arrays.sort(column);
                mean[k] = (float) (column[rank] / unbias);
            }
            estimators[e].tracker().initialize(mean);
        }
    }

    /** Samples past the hum filter into the STFT stage. */
    private void feed(float[][] in, int offset, int frames, PlanarSink out) throws IOException {
        inputFrames += frames;
        feedRaw(in, offset, frames, out);
    }

    private void feedRaw(float[][] in, int offset, int frames, PlanarSink out) throws IOException {
        int done = 0;
        while (done < frames) {
            int n = Math.min(hop - frameFill, frames - done);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(in[c], offset + done, frame[c], frameSize - hop + frameFill, n);
            }
            frameFill += n;
            done += n;
            if (frameFill == hop) {
                processFrame(out);
                frameFill = 0;
            }
        }
    }

    private void processFrame(PlanarSink out) throws IOException {
        // the estimators look one frame ahead: this frame's spectra wait, the previous frame's are shaped
        float[][] swap = pendingSpectra;
        pendingSpectra = spectra;
        spectra = swap;
        for (int c = 0; c < channels; c++) {
            stft.complexFrame(frame[c], 0, pendingSpectra[c]);
            System.arraycopy(frame[c], hop, frame[c], 0, frameSize - hop);
        }
        boolean ready = false;
        if (estimators.length == 1 && channels > 1) {
            float scale = 1f / channels;
            for (int k = 0; k < bins; k++) {
                float re = 0;
                float im = 0;
                for (int c = 0; c < channels; c++) {
                    re += pendingSpectra[c][2 * k];
                    im += pendingSpectra[c][2 * k + 1];
                }
                re *= scale;
                im *= scale;
                power[k] = re * re + im * im;
            }
            ready = estimators[0].gains(power, gains);
            classifier.add(estimators[0].tracker().noise());
            if (ready) {
                for (int c = 0; c < channels; c++) {
                    applyGains(spectra[c]);
                }
            }
        } else {
            for (int c = 0; c < channels; c++) {
                float[] s = pendingSpectra[c];
                for (int k = 0; k < bins; k++) {
                    power[k] = s[2 * k] * s[2 * k] + s[2 * k + 1] * s[2 * k + 1];
                }
                ready = estimators[c].gains(power, gains);
                if (c == 0) {
                    classifier.add(estimators[0].tracker().noise());
                }
                if (ready) {
                    applyGains(spectra[c]);
                }
            }
        }
        if (!ready) {
            return; // the first frame: nothing to synthesise yet
        }
        for (int c = 0; c < channels; c++) {
            istft.windowedFrame(spectra[c], synthesis);
            float[] acc = ola[c];
            for (int i = 0; i < frameSize; i++) {
                acc[i] += synthesis[i] * olaScale;
            }
            System.arraycopy(acc, 0, outBlock[c], 0, hop);
            System.arraycopy(acc, hop, acc, 0, frameSize - hop);
            Arrays.fill(acc, frameSize - hop, frameSize, 0f);
        }
        emit(out);
    }

    private void applyGains(float[] s) {
        for (int k = 0; k < bins; k++) {
            s[2 * k] *= gains[k];
            s[2 * k + 1] *= gains[k];
        }
    }

    private void emit(PlanarSink out) throws IOException {
        int skip = (int) Math.min(discard, hop);
        discard -= skip;
        int n = (int) Math.min(hop - skip, limit - emittedFrames);
        if (n <= 0) {
            return;
        }
        if (skip > 0) {
            for (int c = 0; c < channels; c++) {
                System.arraycopy(outBlock[c], skip, outBlock[c], 0, n);
            }
        }
        emittedFrames += n;
        out.accept(outBlock, n);
    }
}
