package org.audiomesh.separation.engine;

import org.audiomesh.common.audio.AudioFormat;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.dsp.InverseStft;
import org.audiomesh.common.dsp.Stft;
import org.audiomesh.common.dsp.Window;
import org.audiomesh.common.worker.ProgressListener;

import java.io.IOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The built-in separator (no model weights): one streaming STFT pass that splits a song into
 * vocals, drums, bass and other by soft masks ({@link StemMasks}) built from
 * harmonic/percussive median filtering ({@link MedianFilter}) and the stereo centre.
 *
 * <p>Streaming: the input is pulled a hop at a time; the harmonic median needs
 * {@code timeKernel / 2} frames of look-ahead, so a frame is masked, inverse transformed and
 * overlap-added ({@link OverlapAdd}) that many frames after it was analysed. Memory is a few
 * frames per channel, whatever the length of the song. The signal is treated as padded with
 * {@code frameSize - hop} zeros before it and as many as needed after it, so every sample lies
 * under the same number of frames and comes back exactly when the masks add up to one.
 *
 * <p>Stems come out at the input's sample rate and channel count. The masks are computed from
 * the first two channels (the only one twice for mono input, where everything is "centre") and
 * applied to every channel. {@code other} is the mix minus vocals, drums and bass and
 * {@code instrumental} the mix minus vocals, both in the time domain, so the four stems add up
 * to the mix to float rounding. NaN and infinite input samples are read as silence.
 *
 * <p>Thread-safe: each {@link #separate} call builds its own FFT plans and buffers (under 1 MB
 * at 44.1 kHz stereo) and allocates nothing per frame after that.
 */
public final class SpectralSeparator implements StemSeparator {
    /** Vocals, drums and bass are masked; other and instrumental are differences. */
    private static final int MASKED_STEMS = 3;

    /**
     * Parameters of the built-in separator.
     *
     * @param frameSize       STFT length N in samples (power of two)
     * @param hop             hop H in samples; N must be a multiple
     * @param timeKernel      harmonic median length in frames (odd)
     * @param frequencyKernel percussive median length in bins (odd)
     * @param vocalLowHz      lower edge of the vocal band (Hz)
     * @param vocalHighHz     upper edge of the vocal band (Hz)
     * @param vocalEdgeHz     width of the vocal band's ramps (Hz)
     * @param bassHighHz      upper edge of the bass band (Hz)
     * @param bassEdgeHz      width of the bass band's ramp (Hz)
     */
    public record Settings(int frameSize, int hop, int timeKernel, int frequencyKernel, double vocalLowHz,
                           double vocalHighHz, double vocalEdgeHz, double bassHighHz, double bassEdgeHz) {

        /**
         * The defaults, tuned on make_set.py songs 1-5 (tools/separation-bench): frames of about
         * 93 ms (4096 samples at 44.1 and 48 kHz, 2048 at 22.05 kHz) with a quarter-frame hop, a
         * 9-frame (about 0.2 s) harmonic median, a 17-bin (about 180 Hz) percussive median,
         * vocals in 250 Hz - 8 kHz, bass below 250 Hz.
         */
        public static Settings forRate(int sampleRate) {
            int frame = Integer.highestOneBit(Math.max(256, (int) Math.round(sampleRate * 0.0929)));
            if (frame * 1.5 < sampleRate * 0.0929) {
                frame <<= 1;
            }
            return new Settings(frame, frame / 4, 9, 17, 250, 8000, 125, 250, 100);
        }
    }

    public static final String NAME = "builtin";

    private final Settings fixed; // null: Settings.forRate of each source

    /** With the {@link Settings#forRate default settings} for each source's sample rate. */
    public SpectralSeparator() {
        this.fixed = null;
    }

    public SpectralSeparator(Settings settings) {
        if (settings.frameSize() % settings.hop() != 0) {
            throw new IllegalArgumentException("frame size must be a multiple of the hop: " + settings);
        }
        this.fixed = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Stem> produces() {
        return EnumSet.allOf(Stem.class);
    }

    @Override
    public long separate(AudioSource source, StemSink sink, ProgressListener progress) throws IOException {
        AudioFormat format = source.format();
        Settings settings = fixed != null ? fixed : Settings.forRate(format.sampleRate());
        return new Pass(format, settings).run(source, sink, progress);
    }

    /** The state of one separation. */
    private static final class Pass {
        private final Settings settings;
        private final int channels;
        private final int n;
        private final int hop;
        private final int half;
        private final int kernel;
        private final long knownFrames;
        private final Stft stft;
        private final InverseStft inverse;
        private final StemMasks masks;
        private final MedianFilter acrossTime;
        private final MedianFilter alongFrequency;
        /** Per channel: padded samples [a*hop - half*hop, a*hop + n) while frame a is analysed. */
        private final float[][] history;
        /** Ring of the last {@code kernel} frames: complex spectra per channel, and magnitudes. */
        private final float[][][] spectra;
        private final float[][] magnitudes;
        private final float[] harmonic;
        private final float[] percussive;
        private final float[][] stemMasks;
        private final OverlapAdd[] synthesis;
        private final float[] masked;
        private final float[] frame;
        private final float[][] planar;
        private final float[][] blocks;
        private final float[] input;

        Pass(AudioFormat format, Settings settings) {
            this.settings = settings;
            channels = format.channels();
            knownFrames = format.frames();
            n = settings.frameSize();
            hop = settings.hop();
            kernel = settings.timeKernel();
            half = kernel / 2;
            float[] window = Window.hannPeriodic(n);
            stft = new Stft(n, hop, window);
            inverse = new InverseStft(n, hop, window);
            masks = new StemMasks(settings, format.sampleRate());
            acrossTime = new MedianFilter(kernel);
            alongFrequency = new MedianFilter(settings.frequencyKernel());
            int bins = n / 2 + 1;
            history = new float[channels][half * hop + n];
            spectra = new float[kernel][channels][2 * bins];
            magnitudes = new float[kernel][bins];
            harmonic = new float[bins];
            percussive = new float[bins];
            stemMasks = new float[MASKED_STEMS][bins]; // vocals, drums, bass: the order of Stem
            synthesis = new OverlapAdd[MASKED_STEMS];
            for (int s = 0; s < MASKED_STEMS; s++) {
                synthesis[s] = new OverlapAdd(n, hop, window, channels);
            }
            masked = new float[2 * bins];
            frame = new float[n];
            planar = new float[channels][hop];
            blocks = new float[Stem.values().length][hop * channels];
            input = new float[hop * channels];
        }

        long run(AudioSource source, StemSink sink, ProgressListener progress) throws IOException {
            long lead = n - hop;          // zeros before the signal, in samples
            long read = 0;                // input frames read so far
            boolean ended = false;
            long written = 0;
            long progressStep = Math.max(hop, knownFrames / 100);
            long nextProgress = progressStep;
            for (long a = 0; ; a++) {
                int got = advance(source, ended);
                read += got;
                ended |= got < hop;
                analyse((int) (a % kernel));
                long j = a - half;        // the frame whose look-ahead is now complete
                if (j < 0) {
                    continue;
                }
                synthesise((int) (j % kernel));
                long start = j * hop - lead; // input frame at which the finished hop starts
                if (start < 0) {
                    continue;                // still inside the leading zeros
                }
                if (ended && start >= read) {
                    return written;
                }
                int count = (int) Math.min(hop, read - start);
                sink.write(blocks, count);
                written += count;
                if (knownFrames > 0 && written >= nextProgress) {
                    progress.progress(Math.min(1.0, (double) written / knownFrames));
                    nextProgress += progressStep;
                }
            }
        }

        /**
         * Moves the history on by a hop and appends the next hop of input, or silence once the
         * input has ended.
         *
         * @return input frames appended (fewer than a hop only at the end)
         */
        private int advance(AudioSource source, boolean ended) throws IOException {
            int length = history[0].length;
            int tail = length - hop;
            for (float[] h : history) {
                System.arraycopy(h, hop, h, 0, tail);
            }
            int got = 0;
            while (!ended && got < hop) {
                int r = source.read(input, hop - got);
                if (r < 0) {
                    break;
                }
                for (int c = 0; c < channels; c++) {
                    float[] h = history[c];
                    for (int i = 0, at = tail + got; i < r; i++, at++) {
                        float v = input[i * channels + c];
                        h[at] = Float.isFinite(v) ? v : 0f;
                    }
                }
                got += r;
            }
            for (float[] h : history) {
                Arrays.fill(h, tail + got, length, 0f);
            }
            return got;
        }

        /** STFT of the newest frame of every channel, and its magnitude for the medians. */
        private void analyse(int slot) {
            float[][] spectrum = spectra[slot];
            for (int c = 0; c < channels; c++) {
                stft.complexFrame(history[c], half * hop, spectrum[c]);
            }
            float[] left = spectrum[0];
            float[] right = spectrum[channels > 1 ? 1 : 0];
            float[] magnitude = magnitudes[slot];
            for (int k = 0; k < magnitude.length; k++) {
                float lr = left[2 * k];
                float li = left[2 * k + 1];
                float rr = right[2 * k];
                float ri = right[2 * k + 1];
                magnitude[k] = 0.5f * ((float) Math.sqrt(lr * lr + li * li) + (float) Math.sqrt(rr * rr + ri * ri));
            }
        }

        /**
         * Masks the frame in {@code slot} (the middle of the ring), overlap-adds the masked
         * vocals, drums and bass, and fills {@link #blocks} with the hop that is now finished.
         */
        private void synthesise(int slot) {
            acrossTime.acrossFrames(magnitudes, harmonic);
            alongFrequency.alongBins(magnitudes[slot], percussive);
            float[][] spectrum = spectra[slot];
            masks.compute(spectrum[0], spectrum[channels > 1 ? 1 : 0], harmonic, percussive,
                    stemMasks[Stem.DRUMS.ordinal()], stemMasks[Stem.VOCALS.ordinal()], stemMasks[Stem.BASS.ordinal()]);
            int bins = harmonic.length;
            for (int s = 0; s < MASKED_STEMS; s++) {
                float[] mask = stemMasks[s];
                for (int c = 0; c < channels; c++) {
                    float[] x = spectrum[c];
                    for (int k = 0; k < bins; k++) {
                        masked[2 * k] = x[2 * k] * mask[k];
                        masked[2 * k + 1] = x[2 * k + 1] * mask[k];
                    }
                    inverse.windowedFrame(masked, frame);
                    synthesis[s].add(c, frame);
                }
                synthesis[s].emit(planar);
                float[] block = blocks[s];
                for (int c = 0; c < channels; c++) {
                    float[] p = planar[c];
                    for (int i = 0, at = c; i < hop; i++, at += channels) {
                        block[at] = p[i];
                    }
                }
            }
            // the mix of the finished hop is the oldest hop of the history
            float[] vocals = blocks[Stem.VOCALS.ordinal()];
            float[] drums = blocks[Stem.DRUMS.ordinal()];
            float[] bass = blocks[Stem.BASS.ordinal()];
            float[] other = blocks[Stem.OTHER.ordinal()];
            float[] instrumental = blocks[Stem.INSTRUMENTAL.ordinal()];
            for (int c = 0; c < channels; c++) {
                float[] mix = history[c];
                for (int i = 0, at = c; i < hop; i++, at += channels) {
                    other[at] = mix[i] - vocals[at] - drums[at] - bass[at];
                    instrumental[at] = mix[i] - vocals[at];
                }
            }
        }
    }
}
