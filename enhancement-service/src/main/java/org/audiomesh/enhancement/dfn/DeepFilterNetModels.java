package org.audiomesh.enhancement.dfn;

import org.audiomesh.common.onnx.FloatTensor;
import org.audiomesh.common.onnx.HeldOutputs;
import org.audiomesh.common.onnx.OnnxException;
import org.audiomesh.common.onnx.OnnxInference;
import org.audiomesh.common.onnx.OnnxModel;
import org.audiomesh.common.onnx.TensorValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The three ONNX graphs of a DeepFilterNet3 export ({@code DeepFilterNet/df/scripts/export.py}),
 * loaded once, and one pass of them over a run of frames:
 * <pre>
 *   enc.onnx      feat_erb [1,1,S,nbErb], feat_spec [1,2,S,nbDf] -> e0, e1, e2, e3, emb, c0, lsnr [1,S,1]
 *   erb_dec.onnx  emb, e3, e2, e1, e0                             -> m [1,1,S,nbErb]   (ERB gains, 0..1)
 *   df_dec.onnx   emb, c0                                         -> coefs [1,S,nbDf,order*2] or
 *                                                                    [1,S,nbDf,order,2] (deep-filter taps)
 * </pre>
 * The intermediate tensors go from the encoder to the decoders by name, whatever their shapes.
 * The encoder's recurrent state starts from zero on every call (the export has no state inputs).
 */
public final class DeepFilterNetModels {
    public static final List<String> FILES = List.of("enc.onnx", "erb_dec.onnx", "df_dec.onnx");

    private final DfnParams params;
    private final OnnxModel enc;
    private final OnnxModel erbDec;
    private final OnnxModel dfDec;

    /**
     * One pass's outputs for S frames.
     *
     * @param gains ERB gains, {@code [S][nbErb]} flattened
     * @param coefs deep-filter coefficients, {@code [S][nbDf][order][re, im]} flattened
     * @param lsnr  local SNR estimate per frame (dB), {@code [S]}
     */
    public record Pass(float[] gains, float[] coefs, float[] lsnr) {
    }

    public DeepFilterNetModels(OnnxInference inference, Path folder) throws IOException {
        Path config = folder.resolve("config.ini");
        this.params = Files.isRegularFile(config) ? DfnParams.read(config) : DfnParams.defaults();
        this.enc = inference.load("deepfilternet3/enc", folder.resolve("enc.onnx"), true);
        this.erbDec = inference.load("deepfilternet3/erb_dec", folder.resolve("erb_dec.onnx"), true);
        this.dfDec = inference.load("deepfilternet3/df_dec", folder.resolve("df_dec.onnx"), true);
    }

    /** The model files missing from {@code folder} (empty when it holds a complete export). */
    public static List<String> missingFiles(Path folder) {
        List<String> missing = new ArrayList<>();
        for (String f : FILES) {
            if (!Files.isRegularFile(folder.resolve(f))) {
                missing.add(f);
            }
        }
        return missing;
    }

    public DfnParams params() {
        return params;
    }

    /** The loaded graphs (for health and metrics). */
    public List<OnnxModel> models() {
        return List.of(enc, erbDec, dfDec);
    }

    /** Arrays for one pass of {@code frames} frames, to reuse across passes of that length. */
    public Pass newPass(int frames) {
        return new Pass(new float[frames * params.nbErb()], new float[frames * params.nbDf() * params.dfOrder() * 2],
                new float[frames]);
    }

    /**
     * Runs the three graphs over {@code frames} frames of features, into the arrays of
     * {@code into} (from {@link #newPass} with the same {@code frames}): a stream of passes of one
     * length allocates nothing per pass on the Java heap.
     *
     * @param featErb  {@code [S][nbErb]} flattened
     * @param featSpec {@code [2][S][nbDf]} flattened (real parts of all frames, then imaginary)
     */
    public void run(float[] featErb, float[] featSpec, int frames, Pass into) {
        int nbErb = params.nbErb();
        int nbDf = params.nbDf();
        // the encoder's outputs (c0 alone is 64 x S x 96 floats) go to the decoders as they are
        try (HeldOutputs e = enc.runHeld(Map.of(
                "feat_erb", new FloatTensor(featErb, new long[] {1, 1, frames, nbErb}),
                "feat_spec", new FloatTensor(featSpec, new long[] {1, 2, frames, nbDf})))) {
            Map<String, TensorValue> erbIn = new HashMap<>();
            for (String name : List.of("emb", "e3", "e2", "e1", "e0")) {
                erbIn.put(name, e.held(name));
            }
            // m [1,1,S,nbErb]; coefs [1,S,nbDf,order*2] or [1,S,nbDf,order,2]: frames, then bins, then taps
            decode(erbDec, erbIn, "m", into.gains(), 2, frames, -1, 0);
            decode(dfDec, Map.of("emb", e.held("emb"), "c0", e.held("c0")), "coefs", into.coefs(), 1, frames, 2, nbDf);
            FloatTensor lsnr = e.floats("lsnr");
            check("lsnr", lsnr, frames, 1, frames);
            System.arraycopy(lsnr.data(), 0, into.lsnr(), 0, frames);
        }
    }

    /**
     * Runs a decoder into {@code out}: straight into it where the graph declares the output's
     * shape up to the frame axis (the official export does), else through a copy; either way the
     * output must hold {@code out.length} values with {@code frames} on {@code framesAxis} (and
     * {@code size} on {@code axis}, when that is not -1).
     */
    private static void decode(OnnxModel graph, Map<String, ? extends TensorValue> feeds, String output, float[] out,
                               int framesAxis, int frames, int axis, int size) {
        long[] shape = declaredShape(graph, output, framesAxis, frames, out.length);
        if (shape != null && (axis < 0 || shape[axis] == size)) {
            graph.runInto(feeds, Map.of(output, new FloatTensor(out, shape)));
            return;
        }
        FloatTensor t = only(graph.run(feeds), output);
        check(output, t, out.length, framesAxis, frames);
        if (axis >= 0) {
            check(output, t, out.length, axis, size);
        }
        System.arraycopy(t.data(), 0, out, 0, out.length);
    }

    /**
     * The graph's declared shape of {@code output} with the frame axis set to {@code frames} and a
     * free batch axis to 1, when that fixes every dimension and holds {@code count} values; else null.
     */
    private static long[] declaredShape(OnnxModel graph, String output, int framesAxis, int frames, long count) {
        for (OnnxModel.TensorSpec spec : graph.outputs()) {
            if (!spec.name().equals(output) || spec.rank() <= framesAxis) {
                continue;
            }
            long[] shape = spec.shape().clone();
            shape[framesAxis] = frames;
            if (shape[0] < 0) {
                shape[0] = 1;
            }
            long n = 1;
            for (long d : shape) {
                if (d < 0) {
                    return null;
                }
                n *= d;
            }
            return n == count ? shape : null;
        }
        return null;
    }

    private static FloatTensor only(Map<String, FloatTensor> out, String name) {
        FloatTensor t = out.get(name);
        if (t == null) {
            throw new OnnxException("DeepFilterNet3 graph has no output '" + name + "' (has " + out.keySet() + ")");
        }
        return t;
    }

    /** {@code t} holds {@code expected} values and its axis {@code axis} has {@code size} entries. */
    private static void check(String name, FloatTensor t, long expected, int axis, long size) {
        long[] shape = t.shape();
        if (t.data().length != expected || shape.length <= axis || shape[axis] != size) {
            throw new OnnxException("DeepFilterNet3 output " + name + " has shape "
                    + java.util.Arrays.toString(shape) + ", expected " + expected + " values with " + size
                    + " on axis " + axis);
        }
    }
}
