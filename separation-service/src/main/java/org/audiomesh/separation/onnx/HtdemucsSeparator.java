package org.audiomesh.separation.onnx;

import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.audiomesh.common.onnx.FloatTensor;
import org.audiomesh.common.onnx.OnnxException;
import org.audiomesh.common.onnx.OnnxModel;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.separation.engine.Stem;
import org.audiomesh.separation.engine.StemSeparator;
import org.audiomesh.separation.engine.StemSink;

import java.io.IOException;
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
 * deterministic. Checked against demucs' maths in torch by {@code HtdemucsReferenceTest}
 * ({@code tools/separation-reference}).
 *
 * <p>Streaming ({@link SegmentOverlapAdd}): one segment and a half of input and one segment of
 * output accumulators are held, whatever the song's length. Not thread-safe per {@link #separate} call; the session is
 * shared.
 */
public final class HtdemucsSeparator implements StemSeparator {
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
        List<OnnxModel.TensorSpec> in = model.inputs();
        List<OnnxModel.TensorSpec> out = model.outputs();
        if (in.size() != 2 || out.size() != 2) {
            throw new IllegalArgumentException("an HTDemucs export has 2 inputs and 2 outputs; " + model.file().getFileName()
                    + " has inputs " + in + " and outputs " + out);
        }
        OnnxModel.TensorSpec wave = in.stream().filter(t -> t.rank() == 3).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no rank-3 waveform input [1, 2, samples] among " + in));
        OnnxModel.TensorSpec spec = in.stream().filter(t -> t.rank() == 4).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no rank-4 spectrogram input [1, 4, 2048, frames] among " + in));
        this.segment = wave.shape()[2] > 0 ? (int) wave.shape()[2] : DEFAULT_SEGMENT;
        OnnxModel.TensorSpec time = out.stream().filter(t -> t.rank() == 4 && t.shape()[3] == segment).findFirst()
                .orElseGet(() -> out.stream().filter(t -> t.rank() == 4 && t.shape()[2] == 2).findFirst().orElseThrow(() ->
                        new IllegalArgumentException("no time-branch output [1, S, 2, " + segment + "] among " + out)));
        OnnxModel.TensorSpec spectral = out.get(out.get(0) == time ? 1 : 0);
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
        d.put("execution_provider", model.provider().id());
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
        Pass pass = new Pass(out);
        new SegmentOverlapAdd(pass, segment, pass.stride, 0, true, 8).run(input.stereo(), progress, input.expectedFrames());
        return out.finish(input.inputFramesRead());
    }

    /** The model's side of one separation: spectrogram, inference, iSTFT, weights and stems. */
    private final class Pass implements SegmentOverlapAdd.SegmentModel {
        private final int stride = (int) (0.75 * segment); // int((1 - overlap) * segment)
        private final float[] weight = new float[segment];
        private final DemucsSpectrogram spectrogram = new DemucsSpectrogram(segment);
        private final float[] wave = new float[2 * segment];
        private final float[] spec;
        private final FloatBuffer specData;
        private final float[] inverse = new float[segment];
        private final float[][] blocks = new float[Stem.values().length][];
        private final StemSink sink;

        Pass(StemSink sink) {
            this.sink = sink;
            int half = segment / 2;
            int max = Math.max(half, segment - half);
            for (int i = 0; i < segment; i++) {
                weight[i] = (i < half ? i + 1 : segment - i) / (float) max;
            }
            spec = new float[4 * DemucsSpectrogram.BINS * spectrogram.frames()];
            specData = FloatBuffer.wrap(spec);
            for (int s = 0; s < blocks.length; s++) {
                blocks[s] = new float[2 * stride];
            }
        }

        /** The triangle {@code 1, 2, .. L/2, L/2, .., 1} / (L/2); a short last segment takes its start. */
        @Override
        public float[] weights(int count) {
            return weight;
        }

        @Override
        public long paddedEnd(long frames) {
            return frames;
        }

        /** Fills {@code out[stem * 2 + channel]} for vocals, drums, bass, other (as {@link Stem}). */
        @Override
        public void run(float[][] window, float[][] out) {
            for (int c = 0; c < 2; c++) {
                System.arraycopy(window[c], 0, wave, c * segment, segment);
                spectrogram.forward(window[c], specData, c);
            }
            specData.rewind();
            Map<String, FloatTensor> outputs;
            try {
                outputs = model.run(Map.of(waveInput, new FloatTensor(wave, new long[] {1, 2, segment}),
                        specInput, new FloatTensor(spec, new long[] {1, 4, DemucsSpectrogram.BINS, spectrogram.frames()})));
            } catch (OnnxException e) {
                throw new ProcessingException(ErrorCode.ENGINE_ERROR, "HTDemucs inference failed: " + e.getMessage(), false, e);
            }
            float[] time = outputs.get(timeOutput).data();
            float[] spectral = outputs.get(specOutput).data();
            int sources = time.length / (2 * segment);
            int block = 4 * DemucsSpectrogram.BINS * spectrogram.frames();
            if (sources * 2 * segment != time.length || spectral.length != sources * block
                    || (sources != 4 && sources != 6)) {
                throw new ProcessingException(ErrorCode.ENGINE_ERROR, "HTDemucs outputs of " + time.length + " and "
                        + spectral.length + " values do not fit 4 or 6 sources of " + segment + " samples", false);
            }
            for (float[] o : out) {
                Arrays.fill(o, 0f);
            }
            List<String> names = sources == 4 ? SOURCES_4 : SOURCES_6;
            for (int s = 0; s < sources; s++) {
                int target = switch (names.get(s)) {
                    case "vocals" -> 0;
                    case "drums" -> 1;
                    case "bass" -> 2;
                    default -> 3; // other, guitar, piano
                };
                for (int c = 0; c < 2; c++) {
                    spectrogram.inverse(spectral, s * block, c, inverse);
                    float[] dst = out[target * 2 + c];
                    int t = (s * 2 + c) * segment;
                    for (int i = 0; i < segment; i++) {
                        dst[i] += time[t + i] + inverse[i];
                    }
                }
            }
        }

        @Override
        public void emit(float[][] estimates, float[][] mix, int frames) throws IOException {
            for (int s = 0; s < 4; s++) {
                float[] block = blocks[s];
                for (int c = 0; c < 2; c++) {
                    float[] e = estimates[s * 2 + c];
                    for (int i = 0; i < frames; i++) {
                        block[2 * i + c] = e[i];
                    }
                }
            }
            float[] vocals = blocks[Stem.VOCALS.ordinal()];
            float[] instrumental = blocks[Stem.INSTRUMENTAL.ordinal()];
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < frames; i++) {
                    instrumental[2 * i + c] = mix[c][i] - vocals[2 * i + c];
                }
            }
            sink.write(blocks, frames);
        }
    }
}
