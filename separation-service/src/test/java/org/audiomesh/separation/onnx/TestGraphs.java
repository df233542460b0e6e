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
