package org.audiomesh.separation.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Tiny graphs with the input/output signatures of the real separation exports. */
public final class TestGraphs {
    static final int SEGMENT = 343_980;
    static final int FRAMES = 336;

    private TestGraphs() {
    }

    /**
     * HTDemucs' signature (sevagh/demucs.onnx: {@code input} [1, 2, 343980] and the spectrogram
     * [1, 4, 2048, 336] in; the spectral branch [1, 4, 4, 2048, 336] and the time branch
     * [1, 4, 2, 343980] out, in that order; names made up, to be found by shape). Sources
     * drums, bass, other, vocals: the time branch gives the input back as drums; the spectral
     * branch gives the left channel's spectrogram (planes 0 and 1) as vocals; the rest is zero.
     */
    public static Path htdemucs(Path file) throws IOException {
        return new OnnxGraph()
                .input("input", 1, 2, SEGMENT)
                .input("x", 1, 4, DemucsSpectrogram.BINS, FRAMES)
                .output("spectral_out", 1, 4, 4, DemucsSpectrogram.BINS, FRAMES)
                .output("time_out", 1, 4, 2, SEGMENT)
                .constant("zero", new float[] {0f})
                .constant("left", new float[] {1, 1, 0, 0}, 1, 4, 1, 1)
                .constant("axis1", new long[] {1}, 1)
                .node("Mul", List.of("x", "zero"), "x0")
                .node("Mul", List.of("x", "left"), "xl")
                .node("Unsqueeze", List.of("x0", "axis1"), "x0u")
                .node("Unsqueeze", List.of("xl", "axis1"), "xlu")
                .node("Concat", List.of("x0u", "x0u", "x0u", "xlu"), "spectral_out", "axis", 1)
                .node("Mul", List.of("input", "zero"), "w0")
                .node("Unsqueeze", List.of("input", "axis1"), "wu")
                .node("Unsqueeze", List.of("w0", "axis1"), "w0u")
                .node("Concat", List.of("wu", "w0u", "w0u", "w0u"), "time_out", "axis", 1)
                .write(file);
    }

    /**
     * HTDemucs' signature for a segment of {@code segment} samples with the known elementwise
     * "model" of {@code tools/separation-reference/make_reference.py} (sources drums, bass,
     * other, vocals): spectral branch {@code A[s][plane] * B[s][bin] * C[s][frame] * x}, time
     * branch {@code W[s][channel] * input}; see {@link ReferenceModel}.
     */
    public static Path htdemucsReferenceModel(Path file, int segment) throws IOException {
        int bins = DemucsSpectrogram.BINS;
        int frames = new DemucsSpectrogram(segment).frames();
        float[] a = new float[4 * 4];
        float[] b = new float[4 * bins];
        float[] c = new float[4 * frames];
        float[] w = new float[4 * 2];
        for (int s = 0; s < 4; s++) {
            for (int p = 0; p < 4; p++) {
                a[s * 4 + p] = (float) ReferenceModel.HTDEMUCS_A[s][p];
            }
            for (int f = 0; f < bins; f++) {
                b[s * bins + f] = (float) ReferenceModel.htdemucsBinGain(s, f, bins);
            }
            for (int t = 0; t < frames; t++) {
                c[s * frames + t] = (float) ReferenceModel.htdemucsFrameGain(s, t, frames);
            }
            for (int ch = 0; ch < 2; ch++) {
                w[s * 2 + ch] = (float) ReferenceModel.HTDEMUCS_W[s][ch];
            }
        }
        return new OnnxGraph()
                .input("input", 1, 2, segment)
                .input("x", 1, 4, bins, frames)
                .output("spectral_out", 1, 4, 4, bins, frames)
                .output("time_out", 1, 4, 2, segment)
                .constant("axis1", new long[] {1}, 1)
                .constant("a", a, 1, 4, 4, 1, 1)
                .constant("b", b, 1, 4, 1, bins, 1)
                .constant("c", c, 1, 4, 1, 1, frames)
                .constant("w", w, 1, 4, 2, 1)
                .node("Unsqueeze", List.of("x", "axis1"), "xu")
                .node("Mul", List.of("xu", "a"), "xa")
                .node("Mul", List.of("xa", "b"), "xb")
                .node("Mul", List.of("xb", "c"), "spectral_out")
                .node("Unsqueeze", List.of("input", "axis1"), "wu")
                .node("Mul", List.of("wu", "w"), "time_out")
                .write(file);
    }

    /**
     * MDX-Net's signature with the known elementwise "model" of
     * {@code tools/separation-reference/make_reference.py}: {@code A[plane] * B[bin] * C[frame] *
     * input}; see {@link ReferenceModel}.
     */
    public static Path mdxReferenceModel(Path file, int dimF, int dimT) throws IOException {
        float[] a = new float[4];
        float[] b = new float[dimF];
        float[] c = new float[dimT];
        for (int p = 0; p < 4; p++) {
            a[p] = (float) ReferenceModel.MDX_A[p];
        }
        for (int f = 0; f < dimF; f++) {
            b[f] = (float) ReferenceModel.mdxBinGain(f, dimF);
        }
        for (int t = 0; t < dimT; t++) {
            c[t] = (float) ReferenceModel.mdxFrameGain(t, dimT);
        }
        return new OnnxGraph()
                .input("input", -1, 4, dimF, dimT)
                .output("output", -1, 4, dimF, dimT)
                .constant("a", a, 1, 4, 1, 1)
                .constant("b", b, 1, 1, dimF, 1)
                .constant("c", c, 1, 1, 1, dimT)
                .node("Mul", List.of("input", "a"), "ia")
                .node("Mul", List.of("ia", "b"), "ib")
                .node("Mul", List.of("ib", "c"), "output")
                .write(file);
    }

    /**
     * MDX-Net's signature ({@code input} [batch, 4, dim_f, dim_t] in, the same shape out): the
     * output is the input's left-channel planes (0 and 1), the right channel's zeroed.
     */
    public static Path mdxLeftChannel(Path file, int dimF, int dimT) throws IOException {
        return new OnnxGraph()
                .input("input", -1, 4, dimF, dimT)
                .output("output", -1, 4, dimF, dimT)
                .constant("left", new float[] {1, 1, 0, 0}, 1, 4, 1, 1)
                .node("Mul", List.of("input", "left"), "output")
                .write(file);
    }
}
