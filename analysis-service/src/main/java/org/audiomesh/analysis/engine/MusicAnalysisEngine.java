package org.audiomesh.analysis.engine;

import java.io.IOException;
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
 * {@link KeyEstimator} the profile into a key.
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

    /** The built-in parts with their default settings. */
    public MusicAnalysisEngine() {
        this(new RhythmAnalyzer(), new KeyEstimator(), OnsetStrength::new);
    }

    public MusicAnalysisEngine(RhythmAnalyzer rhythm, KeyEstimator keys, OnsetFunction.Factory onsetFunction) {
        this.rhythm = rhythm;
        this.keys = keys;
        this.onsetFunction = onsetFunction;
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
        AudioSource spectral = new TeeSource(source, loudness);
        while (spectral.format().sampleRate() >= HALVE_FROM_RATE) {
            spectral = new HalfRateSource(spectral);
        }
        int rate = spectral.format().sampleRate();
        SpectrogramReader reader = new SpectrogramReader(rate);
        OnsetFunction onsets = onsetFunction.create(rate, reader.frameSize(), reader.hop());
        Chromagram chromagram = new Chromagram(rate, reader.frameSize());
        PitchClassProfile pitch = new PitchClassProfile(rate, reader.frameSize());
        SpectrogramReader.Summary summary;
        try {
            summary = reader.read(spectral, f -> progress.progress(READ_SHARE * f), onsets, chromagram, pitch);
        } catch (IOException e) {
            throw new ProcessingException(ErrorCode.CORRUPT_AUDIO,
                    "could not read audio: " + e.getMessage(), false, e);
        }
        double duration = (double) summary.samples() / rate;
        BeatAnalysis beats = rhythm.analyze(onsets.finish(), chromagram.values(), duration, summary.peakLevel());
        KeyEstimate key = summary.peakLevel() < rhythm.settings().silencePeakLevel()
                ? KeyEstimate.UNKNOWN : keys.estimate(pitch.values());
        MusicAnalysis result = new MusicAnalysis(beats, key, loudness.result(), original.sampleRate(),
                original.channels());
        progress.progress(1.0);
        return result;
    }
}
