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

    /**
     * Runs the three graphs over {@code frames} frames of features.
     *
     * @param featErb  {@code [S][nbErb]} flattened
     * @param featSpec {@code [2][S][nbDf]} flattened (real parts of all frames, then imaginary)
     */
    public Pass run(float[] featErb, float[] featSpec, int frames) {
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
            FloatTensor m = only(erbDec.run(erbIn), "m");
            FloatTensor coefs = only(dfDec.run(Map.of("emb", e.held("emb"), "c0", e.held("c0"))), "coefs");
            FloatTensor lsnr = e.floats("lsnr");
            check("m", m, (long) frames * nbErb, 2, frames);
            // [1,S,nbDf,order*2] or [1,S,nbDf,order,2]: frames, then bins, then taps
            check("coefs", coefs, (long) frames * nbDf * params.dfOrder() * 2, 1, frames);
            check("coefs", coefs, (long) frames * nbDf * params.dfOrder() * 2, 2, nbDf);
            check("lsnr", lsnr, frames, 1, frames);
            return new Pass(m.data(), coefs.data(), lsnr.data());
        }
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
