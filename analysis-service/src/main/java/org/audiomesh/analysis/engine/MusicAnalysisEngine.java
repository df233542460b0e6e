package org.audiomesh.analysis.engine;

import java.io.IOException;
import java.util.function.Supplier;
import org.audiomesh.analysis.noise.BackgroundNoiseClassifier;
import org.audiomesh.analysis.noise.NoiseModel;
import org.audiomesh.analysis.noise.NoiseResult;
import org.audiomesh.analysis.noise.NoiseWindowCollector;
import org.audiomesh.common.audio.AudioFormat;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.audiomesh.common.worker.ProgressListener;

/**
 * The built-in music analysis, in one streaming pass over the decoded audio: the original
 * channels at the original rate go to the {@link LoudnessMeter} (through a {@link TeeSource});
 * their mono mix goes to a {@link SpectrogramReader} whose frames feed the onset function
 * ({@link OnsetFunction}, by default {@link OnsetStrength}), the {@link Chromagram} (harmony
 * changes, for the meter) and the {@link PitchClassProfile} (for the key). At the end the
 * {@link RhythmAnalyzer} turns the onset envelope into tempo, beats and meter, and the
 * {@link KeyEstimator} the profile into a key. When a noise classifier is given, a
 * {@link NoiseWindowCollector} measures the same mono samples in one-second windows and the
 * {@link BackgroundNoiseClassifier} names the background noise.
 *
 * <p>On the spectral path, audio at {@value #HALVE_FROM_RATE} Hz or more is mixed to mono and
 * halved in rate ({@link HalfRateSource}) until it is below that (44.1 kHz becomes 22.05 kHz, 96
 * kHz becomes 24 kHz): rhythm and pitch need nothing above 11 kHz, and the STFT costs half as
 * much. Memory: one read chunk plus about 70 bytes per spectrum frame (43 frames per second),
 * whatever the length of the audio.
 * Thread-safe: every call builds its own working state.
 */
public final class MusicAnalysisEngine {

    /** Audio at or above this rate is halved (repeatedly) on the spectral path, Hz. */
    static final int HALVE_FROM_RATE = 44_100;
    /** Share of the progress range spent reading; the rest is the analysis proper. */
    private static final double READ_SHARE = 0.95;

    private final RhythmAnalyzer rhythm;
    private final KeyEstimator keys;
    private final OnsetFunction.Factory onsetFunction;
    private final Supplier<NoiseModel> noiseModel;
    private final BackgroundNoiseClassifier background;

    /** The built-in parts with their default settings, without noise classification. */
    public MusicAnalysisEngine() {
        this(new RhythmAnalyzer(), new KeyEstimator(), OnsetStrength::new);
    }

    /** Without noise classification. */
    public MusicAnalysisEngine(RhythmAnalyzer rhythm, KeyEstimator keys, OnsetFunction.Factory onsetFunction) {
        this(rhythm, keys, onsetFunction, () -> null, new BackgroundNoiseClassifier(0.25));
    }

    /**
     * @param noiseModel the noise classifier in service, read once per analysis; a null model
     *                   leaves {@code noise} out of the result
     * @param background how windows become the background class and events
     */
    public MusicAnalysisEngine(RhythmAnalyzer rhythm, KeyEstimator keys, OnsetFunction.Factory onsetFunction,
            Supplier<NoiseModel> noiseModel, BackgroundNoiseClassifier background) {
        this.rhythm = rhythm;
        this.keys = keys;
        this.onsetFunction = onsetFunction;
        this.noiseModel = noiseModel;
        this.background = background;
    }

    /**
     * The source as the spectral analysis reads it: halved in rate (and mixed to mono) while at or
     * above {@value #HALVE_FROM_RATE} Hz; a source below that is returned as it is (the
     * {@link SpectrogramReader} mixes its channels). The noise classifier's trainer reads its
     * clips the same way, so that it learns from what the analysis will see.
     */
    public static AudioSource spectralPath(AudioSource source) {
        AudioSource spectral = source;
        while (spectral.format().sampleRate() >= HALVE_FROM_RATE) {
            spectral = new HalfRateSource(spectral);
        }
        return spectral;
    }

    /**
     * Analyses a source to its end; the source is not closed.
     *
     * @param source   decoded audio, any sample rate and channel count
     * @param progress fraction done, 0..1, reported as the audio is read
     * @throws ProcessingException {@link ErrorCode#CORRUPT_AUDIO} when the source cannot be read
     */
    public MusicAnalysis analyze(AudioSource source, ProgressListener progress) {
        AudioFormat original = source.format();
        LoudnessMeter loudness = new LoudnessMeter(original.sampleRate(), original.channels());
        AudioSource spectral = spectralPath(new TeeSource(source, loudness));
        int rate = spectral.format().sampleRate();
        SpectrogramReader reader = new SpectrogramReader(rate);
        OnsetFunction onsets = onsetFunction.create(rate, reader.frameSize(), reader.hop());
        Chromagram chromagram = new Chromagram(rate, reader.frameSize());
        PitchClassProfile pitch = new PitchClassProfile(rate, reader.frameSize());
        NoiseModel model = noiseModel.get(); // one model for the whole analysis, whatever is swapped meanwhile
        NoiseWindowCollector noise = model == null ? null : new NoiseWindowCollector(rate);
        SpectrogramReader.FrameListener[] listeners = noise == null
                ? new SpectrogramReader.FrameListener[] {onsets, chromagram, pitch}
                : new SpectrogramReader.FrameListener[] {onsets, chromagram, pitch, noise};
        SpectrogramReader.Summary summary;
        try {
            summary = reader.read(spectral, f -> progress.progress(READ_SHARE * f), listeners);
        } catch (IOException e) {
            throw new ProcessingException(ErrorCode.CORRUPT_AUDIO,
                    "could not read audio: " + e.getMessage(), false, e);
        }
        double duration = (double) summary.samples() / rate;
        BeatAnalysis beats = rhythm.analyze(onsets.finish(), chromagram.values(), duration, summary.peakLevel());
        KeyEstimate key = summary.peakLevel() < rhythm.settings().silencePeakLevel()
                ? KeyEstimate.UNKNOWN : keys.estimate(pitch.values());
        NoiseResult noiseResult = noise == null ? null : background.classify(model, noise.finish());
        MusicAnalysis result = new MusicAnalysis(beats, key, loudness.result(), original.sampleRate(),
                original.channels(), noiseResult);
        progress.progress(1.0);
        return result;
    }
}
