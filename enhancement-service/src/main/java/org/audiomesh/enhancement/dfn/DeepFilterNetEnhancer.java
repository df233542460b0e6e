package org.audiomesh.enhancement.dfn;

import org.audiomesh.common.dsp.InverseStft;
import org.audiomesh.common.dsp.Stft;
import org.audiomesh.enhancement.dsp.NoiseClassifier;
import org.audiomesh.enhancement.dsp.SpeechGainEstimator;
import org.audiomesh.enhancement.engine.ChannelMode;
import org.audiomesh.enhancement.engine.PlanarSink;
import org.audiomesh.enhancement.engine.StreamingEnhancer;

import java.io.IOException;
import java.util.Arrays;

/**
 * DeepFilterNet3 over a stream at 48 kHz, reproducing libDF's processing
 * ({@code libDF/src/lib.rs}, {@code libDF/src/tract.rs} of Rikorose/DeepFilterNet, checked at commit
 * 17ce37a) around the three ONNX graphs:
 * <ol>
 *   <li>analysis: frames of 960 samples every 480, Vorbis window
 *       {@code sin(pi/2 sin^2(pi (n + 0.5) / 960))}, real FFT scaled by
 *       {@code wnorm = 2 hop / fft^2};</li>
 *   <li>features ({@link DfnFeatures}) of every frame; the graphs run over chunks of
 *       {@code chunkFrames} frames, each preceded by up to {@code contextFrames} frames whose
 *       outputs are discarded (the export has no recurrent-state inputs, so the state is rebuilt
 *       from that context) and followed by the encoder's 2 frames of look-ahead: output {@code u}
 *       of a pass belongs to frame {@code u - 2}, and past the end of the signal the features are
 *       zero, as {@code DfNet.pad_feat};</li>
 *   <li>per frame, gated by the local SNR estimate {@code lsnr} as {@code DfTract::apply_stages}:
 *       below -10 dB the frame is zeroed; above 30 dB it is left untouched; above 20 dB only the ERB
 *       gains are applied; otherwise the ERB gains on all bins and then deep filtering
 *       ({@link DeepFilter}, order 5, 2 frames of look-ahead, on the noisy spectrum) of the lowest 96
 *       bins;</li>
 *   <li>the attenuation limit mixes back {@code 10^(-limit/20)} of the noisy frame (none at 100 dB
 *       or more); synthesis by unnormalised inverse FFT, the Vorbis window again, overlap-add; the
 *       analysis delay (480 samples) is removed and the output has the input's length.</li>
 * </ol>
 * With {@link ChannelMode#MID} the graphs see the mean of the channels and their gains and
 * coefficients are applied to every channel's own spectrum. The estimated SNR and noise type are
 * those of the statistical noise tracker ({@link SpeechGainEstimator}, {@link NoiseClassifier})
 * run alongside on the first stream, so that both engines report them alike.
 * libDF's skipping of digital silence (output zeros after 5 silent hops) is not reproduced.
 */
public final class DeepFilterNetEnhancer implements StreamingEnhancer {
    private final DeepFilterNetModels models;
    private final DfnParams p;
    private final int channels;
    private final int streams;
    private final int chunkFrames;
    private final int contextFrames;
    private final float limit;
    private final int fft;
    private final int hop;
    private final int bins;
    private final int cap;
    private final float wnorm;
    private final Stft stft;
    private final InverseStft istft;
    private final ErbBands bands;
    private final DfnFeatures[] features;
    private final float[][] frameBuf;
    private final float[][] ola;
    private final float[][][] specRing;
    private final float[][][] erbRing;
    private final float[][][] cplxRing;
    private final float[] mid;
    private final float[] work;
    private final float[] filtered;
    private final float[] synthesis;
    private final float[][] taps;
    private final float[][] outBlock;
    private final SpeechGainEstimator statistics;
    private final NoiseClassifier classifier;
    private final float[] power;
    private final float[] scratchGains;
    private final float[] frameGains;
    private final DeepFilterNetModels.Pass[] passes;
    private final float[][] passErb;
    private final float[][] passCplx;
    private int passFrames = -1;
    private boolean statisticsStarted;
    private int hopFill;
    private long written;
    private long inputFrames;
    private long analyzed;
    private long emitted;
    private long discard;
    private long outputLimit = Long.MAX_VALUE;

    /**
     * @param attenuationDb largest attenuation (dB); 100 or more means no limit
     * @param chunkFrames   frames per inference pass
     * @param contextFrames frames of context before each pass
     */
    public DeepFilterNetEnhancer(DeepFilterNetModels models, int channels, ChannelMode mode, double attenuationDb,
                                 int chunkFrames, int contextFrames) {
        this.models = models;
        this.p = models.params();
        if (p.dfLookahead() > p.convLookahead()) {
            throw new IllegalArgumentException("df_lookahead must not exceed conv_lookahead");
        }
        this.channels = channels;
        this.streams = mode == ChannelMode.MID ? 1 : channels;
        this.chunkFrames = Math.max(1, chunkFrames);
        this.contextFrames = Math.max(0, contextFrames);
        this.limit = attenuationDb >= 100 ? 0f : (float) Math.pow(10, -attenuationDb / 20);
        this.fft = p.fftSize();
        this.hop = p.hopSize();
        this.bins = p.bins();
        this.cap = this.contextFrames + this.chunkFrames + p.convLookahead() + p.dfOrder() + 4;
        this.wnorm = (float) (1.0 / ((double) fft * fft / (2.0 * hop)));
        float[] window = vorbisWindow(fft);
        this.stft = new Stft(fft, hop, window);
        this.istft = new InverseStft(fft, hop, window);
        this.bands = new ErbBands(p.sampleRate(), fft, p.nbErb(), p.minNbErbFreqs());
        this.features = new DfnFeatures[streams];
        for (int e = 0; e < streams; e++) {
            features[e] = new DfnFeatures(bands, p.nbDf(), p.normAlpha());
        }
        this.frameBuf = new float[channels][fft];
        this.ola = new float[channels][fft];
        this.specRing = new float[channels][cap][2 * bins];
        this.erbRing = new float[streams][cap][p.nbErb()];
        this.cplxRing = new float[streams][cap][2 * p.nbDf()];
        this.mid = new float[2 * bins];
        this.work = new float[2 * bins];
        this.filtered = new float[2 * p.nbDf()];
        this.synthesis = new float[fft];
        this.taps = new float[p.dfOrder()][];
        this.outBlock = new float[channels][hop];
        double hopSeconds = (double) hop / p.sampleRate();
        this.statistics = new SpeechGainEstimator(bins, hopSeconds, (double) p.sampleRate() / fft, 25, 0.5);
        this.classifier = new NoiseClassifier(bins, (double) p.sampleRate() / fft);
        this.power = new float[bins];
        this.scratchGains = new float[bins];
        this.frameGains = new float[p.nbErb()];
        this.passes = new DeepFilterNetModels.Pass[streams];
        this.passErb = new float[streams][];
        this.passCplx = new float[streams][];
        this.discard = fft - hop;
    }

    /** {@code sin(pi/2 sin^2(pi (n + 0.5) / N))}, libDF's window (power-complementary at hop N/2). */
    static float[] vorbisWindow(int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            double s = Math.sin(0.5 * Math.PI * (i + 0.5) / (n / 2.0));
            w[i] = (float) Math.sin(0.5 * Math.PI * s * s);
        }
        return w;
    }

    @Override
    public int sampleRate() {
        return p.sampleRate();
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public void process(float[][] in, int frames, PlanarSink out) throws IOException {
        inputFrames += frames;
        feed(in, frames, out);
    }

    private void feed(float[][] in, int frames, PlanarSink out) throws IOException {
        int done = 0;
        while (done < frames) {
            int n = Math.min(hop - hopFill, frames - done);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(in[c], done, frameBuf[c], fft - hop + hopFill, n);
            }
            hopFill += n;
            done += n;
            if (hopFill == hop) {
                analyze();
                hopFill = 0;
                if (analyzed - emitted >= chunkFrames + p.convLookahead()) {
                    runChunk(emitted + chunkFrames, out);
                }
            }
        }
    }

    @Override
    public void finish(PlanarSink out) throws IOException {
        long total = (inputFrames + fft - hop + hop - 1) / hop; // frames covering the input plus the delay
        float[][] zeros = new float[channels][hop];
        while (analyzed < total) {
            feed(zeros, hop - hopFill, out);
        }
        outputLimit = inputFrames;
        while (emitted < analyzed) {
            runChunk(Math.min(analyzed, emitted + chunkFrames), out);
        }
    }

    @Override
    public Findings findings() {
        double speech = statistics.speechEnergy();
        double noise = statistics.noiseEnergy();
        double snr = noise <= 0 ? 99 : Math.min(99, 10 * Math.log10(Math.max(speech, 1e-30) / noise));
        return new Findings(snr, classifier.classify(snr, 0), 0, 0);
    }

    /** STFT of the hop just completed, and its features. */
    private void analyze() {
        int slot = (int) (analyzed % cap);
        for (int c = 0; c < channels; c++) {
            float[] s = specRing[c][slot];
            stft.complexFrame(frameBuf[c], 0, s);
            for (int i = 0; i < s.length; i++) {
                s[i] *= wnorm;
            }
            System.arraycopy(frameBuf[c], hop, frameBuf[c], 0, fft - hop);
        }
        for (int e = 0; e < streams; e++) {
            float[] spectrum;
            if (streams == 1 && channels > 1) {
                Arrays.fill(mid, 0f);
                for (int c = 0; c < channels; c++) {
                    float[] s = specRing[c][slot];
                    for (int i = 0; i < mid.length; i++) {
                        mid[i] += s[i] / channels;
                    }
                }
                spectrum = mid;
            } else {
                spectrum = specRing[e][slot];
            }
            features[e].next(spectrum, erbRing[e][slot], 0, cplxRing[e][slot], 0);
            if (e == 0) {
                track(spectrum);
            }
        }
        analyzed++;
    }

    /** Runs the noise tracker alongside for the reported SNR and noise type. */
    private void track(float[] spectrum) {
        for (int k = 0; k < bins; k++) {
            power[k] = spectrum[2 * k] * spectrum[2 * k] + spectrum[2 * k + 1] * spectrum[2 * k + 1];
        }
        if (!statisticsStarted) {
            statistics.tracker().initialize(power);
            statisticsStarted = true;
        }
        statistics.gains(power, scratchGains);
        classifier.add(statistics.tracker().noise());
    }

    /** Infers and synthesises frames [emitted, end). */
    private void runChunk(long end, PlanarSink out) throws IOException {
        long start = emitted;
        long feedStart = Math.max(0, start - contextFrames);
        int frames = (int) (end + p.convLookahead() - feedStart);
        int nbErb = p.nbErb();
        int nbDf = p.nbDf();
        if (passFrames != frames) { // the first, the middle and the last passes differ in length
            passFrames = frames;
            for (int e = 0; e < streams; e++) {
                passes[e] = models.newPass(frames);
                passErb[e] = new float[frames * nbErb];
                passCplx[e] = new float[2 * frames * nbDf];
            }
        }
        for (int e = 0; e < streams; e++) {
            float[] erb = passErb[e];
            float[] cplx = passCplx[e];
            for (int s = 0; s < frames; s++) {
                long t = feedStart + s;
                if (t >= analyzed) {
                    Arrays.fill(erb, s * nbErb, (s + 1) * nbErb, 0f); // past the end of the signal: zero features
                    Arrays.fill(cplx, s * nbDf, (s + 1) * nbDf, 0f);
                    Arrays.fill(cplx, (frames + s) * nbDf, (frames + s + 1) * nbDf, 0f);
                    continue;
                }
                int slot = (int) (t % cap);
                System.arraycopy(erbRing[e][slot], 0, erb, s * nbErb, nbErb);
                System.arraycopy(cplxRing[e][slot], 0, cplx, s * nbDf, nbDf);
                System.arraycopy(cplxRing[e][slot], nbDf, cplx, (frames + s) * nbDf, nbDf);
            }
            models.run(erb, cplx, frames, passes[e]);
        }
        int order = p.dfOrder();
        int past = order - 1 - p.dfLookahead();
        for (long t = start; t < end; t++) {
            int u = (int) (t - feedStart + p.convLookahead());
            int slot = (int) (t % cap);
            for (int c = 0; c < channels; c++) {
                DeepFilterNetModels.Pass pass = passes[streams == 1 ? 0 : c];
                float lsnr = pass.lsnr()[u];
                float[] x = specRing[c][slot];
                System.arraycopy(x, 0, work, 0, work.length);
                if (lsnr < -10f) {
                    Arrays.fill(work, 0f);
                } else if (lsnr <= 30f) {
                    bands.applyGains(work, slice(pass.gains(), u * nbErb, nbErb));
                    if (lsnr <= 20f) {
                        for (int n = 0; n < order; n++) {
                            long s = t - past + n;
                            taps[n] = s >= 0 && s < analyzed ? specRing[c][(int) (s % cap)] : null;
                        }
                        DeepFilter.apply(taps, pass.coefs(), u * nbDf * order * 2, nbDf, filtered);
                        System.arraycopy(filtered, 0, work, 0, 2 * nbDf);
                    }
                }
                if (limit > 0f) {
                    for (int i = 0; i < work.length; i++) {
                        work[i] = work[i] * (1 - limit) + limit * x[i];
                    }
                }
                istft.windowedFrame(work, synthesis);
                float[] acc = ola[c];
                for (int i = 0; i < fft; i++) {
                    acc[i] += synthesis[i] * fft; // libDF's inverse FFT is unnormalised
                }
                System.arraycopy(acc, 0, outBlock[c], 0, hop);
                System.arraycopy(acc, hop, acc, 0, fft - hop);
                Arrays.fill(acc, fft - hop, fft, 0f);
            }
            emitted = t + 1;
            emit(out);
        }
    }

    private float[] slice(float[] all, int offset, int n) {
        System.arraycopy(all, offset, frameGains, 0, n);
        return frameGains;
    }

    private void emit(PlanarSink out) throws IOException {
        int skip = (int) Math.min(discard, hop);
        discard -= skip;
        int n = (int) Math.min(hop - skip, outputLimit - written);
        if (n <= 0) {
            return;
        }
        if (skip > 0) {
            for (int c = 0; c < channels; c++) {
                System.arraycopy(outBlock[c], skip, outBlock[c], 0, n);
            }
        }
        written += n;
        out.accept(outBlock, n);
    }
}
