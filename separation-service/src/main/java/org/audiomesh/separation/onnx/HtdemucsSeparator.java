package org.audiomesh.separation.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.separation.engine.Stem;
import org.audiomesh.separation.engine.StemSeparator;
import org.audiomesh.separation.engine.StemSink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HTDemucs ONNX engine: the model as exported by sevagh/demucs.onnx (STFT and iSTFT cut out
 * of the graph, {@link DemucsSpectrogram}), applied as demucs' {@code apply_model(split=True,
 * overlap=0.25, transition_power=1, shifts=0)} applies it:
 *
 * <ul>
 *   <li>the input at 44.1 kHz stereo ({@link org.audiomesh.common.audio.Resampler}; mono
 *       duplicated, more channels cut to the first two);</li>
 *   <li>segments of the model's length (343 980 samples = 7.8 s, read from the waveform input's
 *       shape) every {@code int(0.75 * segment)} samples; a segment shorter than that at the end
 *       is centred in a window of the full length filled from the neighbouring audio (zeros
 *       outside the song), as {@code TensorChunk.padded}, and its output centre-trimmed;</li>
 *   <li>each segment's stem = time branch + iSTFT(spectral branch), weighted by the triangle
 *       {@code 1, 2, .. L/2, L/2, .., 1} (normalised to 1) and overlap-added, divided by the
 *       summed weights;</li>
 *   <li>sources in the model's order drums, bass, other, vocals (the 6-source model's guitar and
 *       piano are added to other); instrumental = mix - vocals; stems back at the input's rate.</li>
 * </ul>
 * Graph inputs and outputs are told apart by rank and shape, not by name: the waveform input
 * has rank 3, the spectrogram input rank 4; the time output is the one whose last dimension
 * is the segment length, the other is the spectral output ({@code [1, S, 4, 2048, le]} or
 * {@code [1, S*4, 2048, le]}). No track-level normalisation is applied (the model normalises
 * each segment itself); the demucs CLI's random "shift trick" is not used, so results are
 * deterministic.
 *
 * <p>Streaming: one segment and a half of input and one segment of output accumulators are
 * held, whatever the song's length. Not thread-safe per {@link #separate} call; the session is
 * shared.
 */
public final class HtdemucsSeparator implements StemSeparator, AutoCloseable {
    public static final String NAME = "htdemucs";
    public static final int RATE = 44100;
    static final int DEFAULT_SEGMENT = 343_980; // int(7.8 * 44100)
    private static final List<String> SOURCES_4 = List.of("drums", "bass", "other", "vocals");
    private static final List<String> SOURCES_6 = List.of("drums", "bass", "other", "vocals", "guitar", "piano");

    private final OnnxModel model;
    private final String waveInput;
    private final String specInput;
    private final String timeOutput;
    private final String specOutput;
    private final int segment;

    /** @throws IllegalArgumentException when the graph does not have HTDemucs' inputs and outputs */
    public HtdemucsSeparator(OnnxModel model) {
        this.model = model;
        List<OnnxModel.Tensor> in = model.inputs();
        List<OnnxModel.Tensor> out = model.outputs();
        if (in.size() != 2 || out.size() != 2) {
            throw new IllegalArgumentException("an HTDemucs export has 2 inputs and 2 outputs; " + model.file().getFileName()
                    + " has inputs " + in + " and outputs " + out);
        }
        OnnxModel.Tensor wave = in.stream().filter(t -> t.rank() == 3).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no rank-3 waveform input [1, 2, samples] among " + in));
        OnnxModel.Tensor spec = in.stream().filter(t -> t.rank() == 4).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no rank-4 spectrogram input [1, 4, 2048, frames] among " + in));
        this.segment = wave.shape()[2] > 0 ? (int) wave.shape()[2] : DEFAULT_SEGMENT;
        OnnxModel.Tensor time = out.stream().filter(t -> t.rank() == 4 && t.shape()[3] == segment).findFirst()
                .orElseGet(() -> out.stream().filter(t -> t.rank() == 4 && t.shape()[2] == 2).findFirst().orElseThrow(() ->
                        new IllegalArgumentException("no time-branch output [1, S, 2, " + segment + "] among " + out)));
        OnnxModel.Tensor spectral = out.get(out.get(0) == time ? 1 : 0);
        this.waveInput = wave.name();
        this.specInput = spec.name();
        this.timeOutput = time.name();
        this.specOutput = spectral.name();
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
    public Map<String, String> details() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("model", model.file().getFileName().toString());
        d.put("execution_provider", model.provider());
        model.fallbackReason().ifPresent(r -> d.put("execution_provider_fallback", r));
        return d;
    }

    /** Segment length in samples at 44.1 kHz. */
    public int segment() {
        return segment;
    }

    @Override
    public long separate(AudioSource source, StemSink sink, ProgressListener progress) throws IOException {
        ModelInput input = ModelInput.of(source, RATE);
        ConvertingStemSink out = new ConvertingStemSink(sink, RATE, source.format().sampleRate(), source.format().channels());
        new Pass().run(input.stereo(), out, progress, input.expectedFrames());
        return out.finish(input.inputFramesRead());
    }

    @Override
    public void close() throws OrtException {
        model.close();
    }

    /** The state of one separation. */
    private final class Pass {
        private final int stride = (int) (0.75 * segment);
        private final int half = segment / 2;
        private final float[] weight = new float[segment];
        /** Mix at 44.1 kHz, planar, covering [offset - half, offset + segment). */
        private final float[][] mix = new float[2][half + segment];
        private final float[][][] acc = new float[4][2][segment]; // vocals, drums, bass, other
        private final float[] weightSum = new float[segment];
        private final DemucsSpectrogram spectrogram = new DemucsSpectrogram(segment);
        private final FloatBuffer waveData = direct(2 * segment);
        private final FloatBuffer specData;
        private final float[] channel = new float[segment];
        private final float[] inverse = new float[segment];
        private final float[] chunk = new float[4096 * 2];
        private final float[][] blocks = new float[Stem.values().length][];
        private long filled;   // mix frames read so far
        private boolean ended;

        Pass() {
            int max = Math.max(half, segment - half);
            for (int i = 0; i < segment; i++) {
                weight[i] = (i < half ? i + 1 : segment - i) / (float) max;
            }
            specData = direct(4 * DemucsSpectrogram.BINS * spectrogram.frames());
            for (int s = 0; s < blocks.length; s++) {
                blocks[s] = new float[2 * stride];
            }
        }

        /** @param expectedFrames frames the source will give, for progress; -1 when unknown */
        void run(AudioSource source, StemSink sink, ProgressListener progress, long expectedFrames) throws IOException {
            for (long offset = 0; ; offset += stride) {
                fillTo(source, offset + segment);
                if (ended && offset >= filled) {
                    return;
                }
                int chunkLength = (int) Math.min(segment, filled - offset);
                float[][] segmentOut = runModel(offset, chunkLength);
                int trim = (segment - chunkLength) / 2; // centre_trim of the padded segment's output
                for (int s = 0; s < 4; s++) {
                    for (int c = 0; c < 2; c++) {
                        float[] a = acc[s][c];
                        float[] o = segmentOut[s * 2 + c];
                        for (int i = 0; i < chunkLength; i++) {
                            a[i] += weight[i] * o[trim + i];
                        }
                    }
                }
                for (int i = 0; i < chunkLength; i++) {
                    weightSum[i] += weight[i];
                }
                int emit = (int) Math.min(stride, filled - offset); // later segments start at offset + stride
                emit(sink, emit);
                shift();
                if (expectedFrames > 0) {
                    progress.progress(Math.min(1.0, (double) (offset + emit) / expectedFrames));
                }
            }
        }

        /** Reads until the mix buffer holds frames up to {@code end} (absolute) or the input ends. */
        private void fillTo(AudioSource source, long end) throws IOException {
            long bufferStart = end - segment - half; // absolute frame of mix[.][0]
            while (!ended && filled < end) {
                int want = (int) Math.min(chunk.length / 2, end - filled);
                int n = source.read(chunk, want);
                if (n < 0) {
                    ended = true;
                    break;
                }
                for (int i = 0; i < n; i++) {
                    int at = (int) (filled + i - bufferStart);
                    mix[0][at] = sanitize(chunk[2 * i]);
                    mix[1][at] = sanitize(chunk[2 * i + 1]);
                }
                filled += n;
            }
        }

        /** Runs the model on the padded segment for {@code offset}; returns [source * 2 + channel][segment]. */
        private float[][] runModel(long offset, int chunkLength) throws IOException {
            int start = half - (segment - chunkLength) / 2; // in the mix buffer: offset is at index half
            waveData.clear();
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < segment; i++) {
                    long absolute = offset - half + start + i;
                    channel[i] = absolute >= 0 && absolute < filled ? mix[c][start + i] : 0f;
                }
                waveData.position(c * segment);
                waveData.put(channel, 0, segment);
                spectrogram.forward(channel, specData, c);
            }
            waveData.rewind();
            specData.rewind();
            Map<String, float[]> outputs;
            try (OnnxTensor wave = model.tensor(waveData, new long[] {1, 2, segment});
                 OnnxTensor spec = model.tensor(specData, new long[] {1, 4, DemucsSpectrogram.BINS, spectrogram.frames()})) {
                outputs = model.run(Map.of(waveInput, wave, specInput, spec));
            } catch (OrtException e) {
                throw new ProcessingException(ErrorCode.ENGINE_ERROR, "HTDemucs inference failed: " + e.getMessage(), false, e);
            }
            float[] time = outputs.get(timeOutput);
            float[] spectral = outputs.get(specOutput);
            int sources = time.length / (2 * segment);
            int block = 4 * DemucsSpectrogram.BINS * spectrogram.frames();
            if (sources * 2 * segment != time.length || spectral.length != sources * block
                    || (sources != 4 && sources != 6)) {
                throw new ProcessingException(ErrorCode.ENGINE_ERROR, "HTDemucs outputs of " + time.length + " and "
                        + spectral.length + " values do not fit 4 or 6 sources of " + segment + " samples", false);
            }
            List<String> names = sources == 4 ? SOURCES_4 : SOURCES_6;
            float[][] stems = new float[8][segment]; // vocals, drums, bass, other (as Stem), per channel
            for (int s = 0; s < sources; s++) {
                int target = switch (names.get(s)) {
                    case "vocals" -> 0;
                    case "drums" -> 1;
                    case "bass" -> 2;
                    default -> 3; // other, guitar, piano
                };
                for (int c = 0; c < 2; c++) {
                    spectrogram.inverse(spectral, s * block, c, inverse);
                    float[] dst = stems[target * 2 + c];
                    int t = (s * 2 + c) * segment;
                    for (int i = 0; i < segment; i++) {
                        dst[i] += time[t + i] + inverse[i];
                    }
                }
            }
            return stems;
        }

        private void emit(StemSink sink, int frames) throws IOException {
            for (int s = 0; s < 4; s++) {
                float[] block = blocks[s];
                for (int c = 0; c < 2; c++) {
                    float[] a = acc[s][c];
                    for (int i = 0; i < frames; i++) {
                        block[2 * i + c] = a[i] / weightSum[i];
                    }
                }
            }
            float[] vocals = blocks[Stem.VOCALS.ordinal()];
            float[] instrumental = blocks[Stem.INSTRUMENTAL.ordinal()];
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < frames; i++) {
                    instrumental[2 * i + c] = mix[c][half + i] - vocals[2 * i + c];
                }
            }
            sink.write(blocks, frames);
        }

        /** Moves the mix buffer and the accumulators on by a stride. */
        private void shift() {
            for (float[] m : mix) {
                System.arraycopy(m, stride, m, 0, m.length - stride);
                Arrays.fill(m, m.length - stride, m.length, 0f);
            }
            for (float[][] stem : acc) {
                for (float[] a : stem) {
                    System.arraycopy(a, stride, a, 0, segment - stride);
                    Arrays.fill(a, segment - stride, segment, 0f);
                }
            }
            System.arraycopy(weightSum, stride, weightSum, 0, segment - stride);
            Arrays.fill(weightSum, segment - stride, segment, 0f);
        }
    }

    private static float sanitize(float v) {
        return Float.isFinite(v) ? v : 0f;
    }

    static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
