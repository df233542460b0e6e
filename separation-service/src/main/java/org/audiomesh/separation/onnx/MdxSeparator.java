package org.audiomesh.separation.onnx;

import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.dsp.Window;
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
 * The MDX-Net ONNX engine (vocals / instrumental), applied as python-audio-separator's
 * {@code MDXSeparator.demix} applies UVR's MDX models (checked against
 * {@code audio_separator/separator/architectures/mdx_separator.py} and
 * {@code uvr_lib_v5/stft.py}):
 *
 * <ul>
 *   <li>input at 44.1 kHz stereo (mono duplicated), zero-padded by {@code trim = n_fft/2}
 *       before and by {@code gen + trim - L % gen} after ({@code gen = chunk - 2*trim},
 *       {@code chunk = hop * (dim_t - 1)});</li>
 *   <li>chunks every {@code int((1 - overlap) * chunk)} samples, the last zero-padded; each
 *       chunk through {@link MdxSpectrogram} (the model's input {@code [1, 4, dim_f, dim_t]},
 *       bins 0-2 zeroed) and the model's output back to {@code chunk} samples;</li>
 *   <li>the chunks weighted by a symmetric Hann window of their length ({@code np.hanning};
 *       a flat weight with no overlap), overlap-added, divided by the summed weights, the
 *       padding trimmed ({@link SegmentOverlapAdd}), multiplied by {@code compensate};</li>
 *   <li>the other stem = mix - the model's stem (vocals or instrumental, per
 *       {@link MdxParameters#vocalsModel()}); stems back at the input's rate.</li>
 * </ul>
 * The compensation follows UVR ({@code separate.py} {@code SeperateMDX.demix}: {@code source *
 * compensate}, the secondary stem {@code mix - source}). python-audio-separator leaves its
 * primary stem unscaled and makes the secondary {@code mix - compensate * primary}: the same
 * secondary stem, a primary stem {@code compensate} times quieter than here. The model's input
 * is the only rank-4 input; it is found by rank, not by name. The track peak normalisation of
 * the python separator (an application choice) is not applied. Checked against the reference
 * maths in torch by {@code MdxReferenceTest} ({@code tools/separation-reference}).
 *
 * <p>Streaming: one chunk of input and of accumulators is held whatever the song's length.
 */
public final class MdxSeparator implements StemSeparator {
    public static final String NAME = "mdx";
    public static final int RATE = 44100;

    private final OnnxModel model;
    private final MdxParameters parameters;
    private final String input;

    /** @throws IllegalArgumentException when the graph does not take {@code [1, 4, dim_f, dim_t]} */
    public MdxSeparator(OnnxModel model, MdxParameters parameters) {
        this.model = model;
        this.parameters = parameters;
        List<OnnxModel.TensorSpec> in = model.inputs();
        OnnxModel.TensorSpec spec = in.stream().filter(t -> t.rank() == 4).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no rank-4 input [batch, 4, dim_f, dim_t] among " + in));
        long[] shape = spec.shape();
        if (in.size() != 1 || (shape[1] > 0 && shape[1] != 4) || (shape[2] > 0 && shape[2] != parameters.dimF())
                || (shape[3] > 0 && shape[3] != parameters.dimT())) {
            throw new IllegalArgumentException("the MDX model takes " + in + ", the parameters say [1, 4, "
                    + parameters.dimF() + ", " + parameters.dimT() + "]");
        }
        this.input = spec.name();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Stem> produces() {
        return EnumSet.of(Stem.VOCALS, Stem.INSTRUMENTAL);
    }

    @Override
    public Map<String, String> details() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("model", model.file().getFileName().toString());
        d.put("execution_provider", model.provider().id());
        model.fallbackReason().ifPresent(r -> d.put("execution_provider_fallback", r));
        return d;
    }

    @Override
    public long separate(AudioSource source, StemSink sink, ProgressListener progress) throws IOException {
        ModelInput in = ModelInput.of(source, RATE);
        ConvertingStemSink out = new ConvertingStemSink(sink, RATE, source.format().sampleRate(), source.format().channels());
        Pass pass = new Pass(out);
        new SegmentOverlapAdd(pass, parameters.chunk(), pass.step, -pass.trim, false, 2)
                .run(in.stereo(), progress, in.expectedFrames());
        return out.finish(in.inputFramesRead());
    }

    /** The model's side of one separation: spectrogram, inference, iSTFT, windows and stems. */
    private final class Pass implements SegmentOverlapAdd.SegmentModel {
        private final int dimF = parameters.dimF();
        private final int dimT = parameters.dimT();
        private final int chunk = parameters.chunk();
        private final int trim = parameters.nFft() / 2;
        private final int gen = chunk - 2 * trim;
        private final int step = (int) ((1 - parameters.overlap()) * chunk);
        private final float[] fullWindow;
        private final MdxSpectrogram spectrogram = new MdxSpectrogram(parameters);
        private final float[] values = new float[4 * dimF * dimT];
        private final FloatBuffer data = FloatBuffer.wrap(values);
        private final float[][] blocks = new float[Stem.values().length][];
        private final StemSink sink;

        Pass(StemSink sink) {
            this.sink = sink;
            if (parameters.overlap() == 0) {
                fullWindow = new float[chunk];
                Arrays.fill(fullWindow, 1f);
            } else {
                fullWindow = Window.hannSymmetric(chunk);
            }
            for (int s = 0; s < blocks.length; s++) {
                blocks[s] = new float[2 * step];
            }
        }

        /** {@code np.hanning(count)}; flat with no overlap. */
        @Override
        public float[] weights(int count) {
            return count == chunk || parameters.overlap() == 0 ? fullWindow : Window.hannSymmetric(count);
        }

        /** The song with {@code gen + trim - L % gen} zeros after it. */
        @Override
        public long paddedEnd(long frames) {
            return frames + gen + trim - frames % gen;
        }

        @Override
        public void run(float[][] window, float[][] out) {
            data.clear();
            for (int c = 0; c < 2; c++) {
                spectrogram.forward(window[c], data, c);
            }
            data.rewind();
            float[] result;
            try {
                result = model.run(Map.of(input, new FloatTensor(values, new long[] {1, 4, dimF, dimT})))
                        .values().iterator().next().data();
            } catch (OnnxException e) {
                throw new ProcessingException(ErrorCode.ENGINE_ERROR, "MDX inference failed: " + e.getMessage(), false, e);
            }
            if (result.length != 4 * dimF * dimT) {
                throw new ProcessingException(ErrorCode.ENGINE_ERROR, "the MDX model gave " + result.length
                        + " values, not [1, 4, " + dimF + ", " + dimT + "]", false);
            }
            for (int c = 0; c < 2; c++) {
                spectrogram.inverse(result, c, out[c]);
            }
        }

        /** The model's stem times {@code compensate}; the other stem the mix minus it. */
        @Override
        public void emit(float[][] estimates, float[][] mix, int frames) throws IOException {
            float gain = (float) parameters.compensate();
            float[] predicted = blocks[(parameters.vocalsModel() ? Stem.VOCALS : Stem.INSTRUMENTAL).ordinal()];
            float[] rest = blocks[(parameters.vocalsModel() ? Stem.INSTRUMENTAL : Stem.VOCALS).ordinal()];
            for (int c = 0; c < 2; c++) {
                for (int k = 0; k < frames; k++) {
                    float stem = gain * estimates[c][k];
                    predicted[2 * k + c] = stem;
                    rest[2 * k + c] = mix[c][k] - stem;
                }
            }
            sink.write(blocks, frames);
        }
    }
}
