package org.audiomesh.separation.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.dsp.InverseStft;
import org.audiomesh.common.dsp.Stft;
import org.audiomesh.common.dsp.Window;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
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
 *       chunk: {@code torch.stft(n_fft, hop, periodic Hann, center=True, reflect)}, not
 *       normalised, as {@code [1, 4, dim_f, dim_t]} (channel {@code 2c} real, {@code 2c+1}
 *       imaginary of audio channel {@code c}), bins 0-2 zeroed, bins from {@code dim_f} on
 *       dropped; the model's output the same shape, bins put back as zeros, {@code torch.istft}
 *       (center=True) to {@code chunk} samples;</li>
 *   <li>the chunks weighted by a symmetric Hann window of their length ({@code np.hanning};
 *       a flat weight with no overlap), overlap-added, divided by the summed weights, the
 *       padding trimmed, multiplied by {@code compensate};</li>
 *   <li>the other stem = mix - the model's stem (vocals or instrumental, per
 *       {@link MdxParameters#vocalsModel()}); stems back at the input's rate.</li>
 * </ul>
 * The model's input is the only rank-4 input; it is found by rank, not by name. The track
 * peak normalisation of the python separator (an application choice) is not applied.
 *
 * <p>Streaming: one chunk of input and of accumulators is held whatever the song's length.
 */
public final class MdxSeparator implements StemSeparator, AutoCloseable {
    public static final String NAME = "mdx";
    public static final int RATE = 44100;
    /** Lowest bins the separator zeroes before the model (uvr's low-frequency cut). */
    private static final int ZEROED_BINS = 3;

    private final OnnxModel model;
    private final MdxParameters parameters;
    private final String input;

    /** @throws IllegalArgumentException when the graph does not take {@code [1, 4, dim_f, dim_t]} */
    public MdxSeparator(OnnxModel model, MdxParameters parameters) {
        this.model = model;
        this.parameters = parameters;
        List<OnnxModel.Tensor> in = model.inputs();
        OnnxModel.Tensor spec = in.stream().filter(t -> t.rank() == 4).findFirst().orElseThrow(() ->
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
        d.put("execution_provider", model.provider());
        model.fallbackReason().ifPresent(r -> d.put("execution_provider_fallback", r));
        return d;
    }

    @Override
    public long separate(AudioSource source, StemSink sink, ProgressListener progress) throws IOException {
        ModelInput in = ModelInput.of(source, RATE);
        ConvertingStemSink out = new ConvertingStemSink(sink, RATE, source.format().sampleRate(), source.format().channels());
        new Pass().run(in.stereo(), out, progress, in.expectedFrames());
        return out.finish(in.inputFramesRead());
    }

    @Override
    public void close() throws OrtException {
        model.close();
    }

    /**
     * The state of one separation. A "position" counts samples of the padded mixture: position
     * {@code trim + q} is mix frame {@code q}.
     */
    private final class Pass {
        private final int n = parameters.nFft();
        private final int hop = parameters.hop();
        private final int dimF = parameters.dimF();
        private final int dimT = parameters.dimT();
        private final int chunk = parameters.chunk();
        private final int trim = n / 2;
        private final int gen = chunk - 2 * trim;
        private final int step = (int) ((1 - parameters.overlap()) * chunk);
        /** Mixture at positions [i, i + chunk) of the current chunk i, planar. */
        private final float[][] mixture = new float[2][chunk];
        /** Weighted sums and weights at positions [i, i + chunk). */
        private final float[][] result = new float[2][chunk];
        private final float[] divider = new float[chunk];
        private final float[] padded = new float[chunk + n];
        private final float[] spectrum = new float[n + 2];
        private final float[] frame = new float[n];
        private final float[] sum = new float[(dimT - 1) * hop + n];
        private final float[] inverseNorm = new float[chunk];
        private final float[] chunkOut = new float[chunk];
        private final float[] fullWindow;
        private final Stft stft;
        private final InverseStft inverse;
        private final FloatBuffer data = HtdemucsSeparator.direct(4 * dimF * dimT);
        private final float[] read = new float[4096 * 2];
        private final float[][] blocks = new float[Stem.values().length][];
        private long filled;   // mix frames read
        private boolean ended;

        Pass() {
            float[] window = Window.hannPeriodic(n);
            stft = new Stft(n, hop, window);
            inverse = new InverseStft(n, hop, window);
            // torch.istft(center=True) divides by the squared windows of all dim_t frames
            float[] norm = new float[sum.length];
            for (int t = 0; t < dimT; t++) {
                for (int k = 0; k < n; k++) {
                    norm[t * hop + k] += window[k] * window[k];
                }
            }
            for (int m = 0; m < chunk; m++) {
                float w = norm[m + n / 2];
                inverseNorm[m] = w > 1e-8f ? 1f / w : 0f;
            }
            fullWindow = parameters.overlap() == 0 ? null : Window.hannSymmetric(chunk);
            for (int s = 0; s < blocks.length; s++) {
                blocks[s] = new float[2 * step];
            }
        }

        void run(AudioSource source, StemSink sink, ProgressListener progress, long expectedFrames) throws IOException {
            for (long i = 0; ; i += step) {
                fillTo(source, i);
                if (ended && i >= trim + filled) {
                    return; // every mix frame has been handed out; later chunks cover only padding
                }
                int actual = chunk;
                if (ended) {
                    long length = trim + filled + gen + trim - filled % gen; // the padded mixture
                    actual = (int) Math.min(chunk, length - i);
                }
                float[] window = fullWindow == null ? null
                        : actual == chunk ? fullWindow : Window.hannSymmetric(actual);
                data.clear();
                for (int c = 0; c < 2; c++) {
                    spectrogram(mixture[c], c);
                }
                data.rewind();
                float[] out = runModel();
                for (int c = 0; c < 2; c++) {
                    inverse(out, c);
                    float[] r = result[c];
                    for (int j = 0; j < actual; j++) {
                        r[j] += window == null ? chunkOut[j] : chunkOut[j] * window[j];
                    }
                }
                for (int j = 0; j < actual; j++) {
                    divider[j] += window == null ? 1f : window[j];
                }
                emit(sink, i);
                shift();
                if (expectedFrames > 0) {
                    progress.progress(Math.max(0, Math.min(1.0, (double) (i + step - trim) / expectedFrames)));
                }
            }
        }

        /** Reads mix frames until the window of chunk {@code i} is full or the input ends. */
        private void fillTo(AudioSource source, long i) throws IOException {
            long upTo = i + chunk - trim; // mix frames before this one are in the window
            while (!ended && filled < upTo) {
                int got = source.read(read, (int) Math.min(read.length / 2, upTo - filled));
                if (got < 0) {
                    ended = true;
                    break;
                }
                for (int k = 0; k < got; k++) {
                    int at = (int) (filled + k + trim - i);
                    mixture[0][at] = finite(read[2 * k]);
                    mixture[1][at] = finite(read[2 * k + 1]);
                }
                filled += got;
            }
        }

        /** One channel of the chunk into the model input, as uvr_lib_v5's STFT.__call__. */
        private void spectrogram(float[] x, int channel) {
            int half = n / 2;
            for (int k = 0; k < padded.length; k++) {
                padded[k] = x[reflect(k - half, chunk)]; // torch.stft(center=True) reflect padding
            }
            int plane = dimF * dimT;
            int re = 2 * channel * plane;
            int im = re + plane;
            for (int t = 0; t < dimT; t++) {
                stft.complexFrame(padded, t * hop, spectrum);
                for (int f = 0; f < dimF; f++) {
                    boolean zeroed = f < ZEROED_BINS;
                    data.put(re + f * dimT + t, zeroed ? 0f : spectrum[2 * f]);
                    data.put(im + f * dimT + t, zeroed ? 0f : spectrum[2 * f + 1]);
                }
            }
        }

        private float[] runModel() {
            try (OnnxTensor tensor = model.tensor(data, new long[] {1, 4, dimF, dimT})) {
                float[] out = model.run(Map.of(input, tensor)).values().iterator().next();
                if (out.length != 4 * dimF * dimT) {
                    throw new ProcessingException(ErrorCode.ENGINE_ERROR, "the MDX model gave " + out.length
                            + " values, not [1, 4, " + dimF + ", " + dimT + "]", false);
                }
                return out;
            } catch (OrtException e) {
                throw new ProcessingException(ErrorCode.ENGINE_ERROR, "MDX inference failed: " + e.getMessage(), false, e);
            }
        }

        /** One channel of the model's output back to {@link #chunkOut}, as uvr_lib_v5's STFT.inverse. */
        private void inverse(float[] out, int channel) {
            Arrays.fill(sum, 0f);
            Arrays.fill(spectrum, 0f); // bins from dim_f on come back as zeros
            int plane = dimF * dimT;
            int re = 2 * channel * plane;
            int im = re + plane;
            for (int t = 0; t < dimT; t++) {
                for (int f = 0; f < dimF; f++) {
                    spectrum[2 * f] = out[re + f * dimT + t];
                    spectrum[2 * f + 1] = out[im + f * dimT + t];
                }
                inverse.windowedFrame(spectrum, frame);
                for (int k = 0; k < n; k++) {
                    sum[t * hop + k] += frame[k];
                }
            }
            for (int m = 0; m < chunk; m++) {
                chunkOut[m] = sum[m + n / 2] * inverseNorm[m];
            }
        }

        /** Hands out the mix frames at positions [i, i + step), which no later chunk reaches. */
        private void emit(StemSink sink, long i) throws IOException {
            long first = Math.max(i, trim);
            long last = Math.min(i + step, trim + (ended ? filled : Long.MAX_VALUE / 2));
            int frames = (int) Math.max(0, last - first);
            if (frames == 0) {
                return;
            }
            float gain = (float) parameters.compensate();
            float[] predicted = blocks[(parameters.vocalsModel() ? Stem.VOCALS : Stem.INSTRUMENTAL).ordinal()];
            float[] rest = blocks[(parameters.vocalsModel() ? Stem.INSTRUMENTAL : Stem.VOCALS).ordinal()];
            int from = (int) (first - i);
            for (int c = 0; c < 2; c++) {
                for (int k = 0; k < frames; k++) {
                    float mix = mixture[c][from + k];
                    float stem = gain * result[c][from + k] / divider[from + k];
                    predicted[2 * k + c] = stem;
                    rest[2 * k + c] = mix - stem;
                }
            }
            sink.write(blocks, frames);
        }

        /** Moves the window and the accumulators on by a step. */
        private void shift() {
            for (float[][] planar : new float[][][] {mixture, result}) {
                for (float[] a : planar) {
                    System.arraycopy(a, step, a, 0, chunk - step);
                    Arrays.fill(a, chunk - step, chunk, 0f);
                }
            }
            System.arraycopy(divider, step, divider, 0, chunk - step);
            Arrays.fill(divider, chunk - step, chunk, 0f);
        }
    }

    /** numpy/torch "reflect" index (the edge sample is not repeated); one reflection. */
    private static int reflect(int i, int n) {
        if (i < 0) {
            return -i;
        }
        return i >= n ? 2 * (n - 1) - i : i;
    }

    private static float finite(float v) {
        return Float.isFinite(v) ? v : 0f;
    }
}
