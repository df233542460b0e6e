package org.audiomesh.enhancement.engine;

import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioFormat;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.audio.Resampler;
import org.audiomesh.common.audio.SampleEncoding;
import org.audiomesh.common.audio.WavWriter;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.audiomesh.common.worker.EngineInput;
import org.audiomesh.common.worker.ProgressListener;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a {@link StreamingEnhancer} over a file as a stream, whatever its rate and channels: the
 * input is decoded chunk by chunk, resampled to the enhancer's rate, enhanced, resampled to the
 * output rate (the input's unless asked otherwise) and written as 16-bit PCM WAV with the input's
 * channel count. Memory stays flat with the length of the recording. When the input's length is
 * known the output has exactly the corresponding number of frames; when it is not, the WAV goes
 * through a temporary file so that its header can carry the sizes.
 */
public final class EnhancementPipeline {
    private static final int CHUNK_FRAMES = 8192;

    /** Creates the enhancer for an input of the given rate (Hz) and channel count. */
    @FunctionalInterface
    public interface EnhancerFactory {
        StreamingEnhancer create(int inputRate, int channels);
    }

    /**
     * What a run measured.
     *
     * @param input         the input's format
     * @param outputRate    rate of the written WAV (Hz)
     * @param outputFrames  frames written
     * @param inputRmsDbfs  RMS level of the input (dB re full scale), over all channels
     * @param outputRmsDbfs RMS level of the output (dB re full scale)
     * @param outputPeakDbfs peak sample of the output (dB re full scale)
     * @param findings      what the enhancer found
     */
    public record Outcome(AudioFormat input, int processingRate, int outputRate, long outputFrames,
                         double inputRmsDbfs, double outputRmsDbfs, double outputPeakDbfs,
                         StreamingEnhancer.Findings findings) {
    }

    private EnhancementPipeline() {
    }

    /**
     * A stage job's run: the job's audio through the enhancer into its {@code enhanced.wav}, at the
     * output rate of its options.
     *
     * @throws ProcessingException {@code STORAGE_ERROR} (retryable) when the input cannot be read
     *                             or the output cannot be stored
     */
    public static Outcome writeEnhanced(EngineInput input, EnhancementOptions options, EnhancerFactory factory,
                                        ProgressListener progress) {
        Outcome[] outcome = new Outcome[1];
        try {
            input.outputs().write("enhanced.wav", out -> outcome[0] = run(input.audio(), factory,
                    options.outputSampleRate().orElse(0), out, progress));
        } catch (IOException e) {
            throw new ProcessingException(ErrorCode.STORAGE_ERROR, "could not read the input or store the "
                    + "enhanced audio: " + e.getMessage(), true, e);
        }
        return outcome[0];
    }

    /**
     * @param outputRate output rate (Hz), or 0 for the input's
     */
    public static Outcome run(Path input, EnhancerFactory factory, int outputRate, OutputStream out,
                              ProgressListener progress) throws IOException {
        try (AudioSource source = AudioFiles.open(input)) {
            return run(source, factory, outputRate, out, progress);
        }
    }

    /** As {@link #run(Path, EnhancerFactory, int, OutputStream, ProgressListener)} on an open source (left open). */
    static Outcome run(AudioSource source, EnhancerFactory factory, int outputRate, OutputStream out,
                       ProgressListener progress) throws IOException {
        AudioFormat in = source.format();
        int rate = outputRate > 0 ? outputRate : in.sampleRate();
        StreamingEnhancer enhancer = factory.create(in.sampleRate(), in.channels());
        long expected = in.frames() < 0 ? -1 : (long) Math.ceil((double) in.frames() * rate / in.sampleRate());
        if (expected >= 0) {
            try (WavWriter writer = WavWriter.create(out, rate, in.channels(), SampleEncoding.PCM_S16,
                    in.channels() > 2, expected)) {
                return stream(source, enhancer, rate, writer, expected, progress);
            }
        }
        Path tmp = Files.createTempFile("audiomesh-enhanced", ".wav");
        try {
            Outcome outcome;
            try (WavWriter writer = WavWriter.create(tmp, rate, in.channels(), SampleEncoding.PCM_S16)) {
                outcome = stream(source, enhancer, rate, writer, -1, progress);
            }
            Files.copy(tmp, out);
            out.close();
            return outcome;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Outcome stream(AudioSource source, StreamingEnhancer enhancer, int outputRate, WavWriter writer,
                                  long expected, ProgressListener progress) throws IOException {
        AudioFormat in = source.format();
        int channels = in.channels();
        AudioSource processed = AudioFiles.resampled(source, enhancer.sampleRate());
        Output output = new Output(writer, channels, enhancer.sampleRate(), outputRate, expected);
        float[] interleaved = new float[CHUNK_FRAMES * channels];
        float[][] planar = new float[channels][CHUNK_FRAMES];
        double inputSquares = 0;
        long inputSamples = 0;
        long total = processed.format().frames();
        long read = 0;
        int n;
        while ((n = processed.read(interleaved, CHUNK_FRAMES)) >= 0) {
            for (int c = 0; c < channels; c++) {
                float[] p = planar[c];
                for (int i = 0, j = c; i < n; i++, j += channels) {
                    float v = interleaved[j];
                    p[i] = v;
                    inputSquares += (double) v * v;
                }
            }
            inputSamples += (long) n * channels;
            enhancer.process(planar, n, output);
            read += n;
            if (total > 0) {
                progress.progress(Math.min(1.0, (double) read / total));
            }
        }
        enhancer.finish(output);
        output.finish();
        return new Outcome(in, enhancer.sampleRate(), outputRate, output.frames,
                dbfs(inputSquares / Math.max(1, inputSamples)),
                dbfs(output.squares / Math.max(1, output.samples)),
                dbfs((double) output.peak * output.peak), enhancer.findings());
    }

    /** 10 log10 of a mean square, floored at -200 dB (digital silence). */
    static double dbfs(double meanSquare) {
        return meanSquare <= 1e-20 ? -200 : 10 * Math.log10(meanSquare);
    }

    /** Resamples to the output rate if needed, interleaves, meters and writes. */
    private static final class Output implements PlanarSink {
        private final WavWriter writer;
        private final int channels;
        private final Resampler resampler;
        private final long expected;
        private float[] interleaved = new float[0];
        private float[] resampled = new float[0];
        long frames;
        double squares;
        long samples;
        float peak;

        Output(WavWriter writer, int channels, int rate, int outputRate, long expected) {
            this.writer = writer;
            this.channels = channels;
            this.resampler = rate == outputRate ? null : new Resampler(rate, outputRate, channels);
            this.expected = expected;
        }

        @Override
        public void accept(float[][] block, int n) throws IOException {
            if (interleaved.length < n * channels) {
                interleaved = new float[n * channels];
            }
            Interleaving.interleave(block, channels, n, interleaved);
            if (resampler == null) {
                write(interleaved, n);
            } else {
                int max = resampler.maxOutputFrames(n) * channels;
                if (resampled.length < max) {
                    resampled = new float[max];
                }
                write(resampled, resampler.process(interleaved, n, resampled));
            }
        }

        void finish() throws IOException {
            if (resampler != null) {
                int max = resampler.maxOutputFrames(0) * channels;
                if (resampled.length < max) {
                    resampled = new float[max];
                }
                write(resampled, resampler.flush(resampled));
            }
            if (expected > frames) { // the resampler's rounding may leave a frame short
                float[] zeros = new float[channels * 256];
                while (frames < expected) {
                    write(zeros, (int) Math.min(256, expected - frames));
                }
            }
        }

        private void write(float[] x, int n) throws IOException {
            if (expected >= 0) {
                n = (int) Math.min(n, expected - frames);
            }
            if (n <= 0) {
                return;
            }
            int len = n * channels;
            for (int i = 0; i < len; i++) {
                float v = Math.max(-1f, Math.min(1f, x[i]));
                squares += (double) v * v;
                float a = Math.abs(v);
                if (a > peak) {
                    peak = a;
                }
            }
            samples += len;
            writer.write(x, n);
            frames += n;
        }
    }
}
