package org.audiomesh.separation.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.separation.engine.Stem;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.FloatBuffer;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The MDX front end (uvr_lib_v5 {@code STFT}), chunking, Hann overlap-add and compensation
 * against python-audio-separator's {@code MDXSeparator.demix} recomputed in torch
 * ({@code tools/separation-reference/make_reference.py}), on a 3 s stereo input and a known
 * elementwise model: a real model's shape (n_fft 6144, dim_f 3072, dim_t 256, overlap 0.25) and
 * a non-power-of-two FFT with more chunks (n_fft 7680, dim_f 2048, dim_t 64, overlap 0.5).
 */
class MdxReferenceTest {
    /** Unnormalised STFT values reach about 550; float32 FFTs of up to 7680 points. */
    static final double SPECTROGRAM_TOLERANCE = 1e-3;
    static final double WAVEFORM_TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    private static MdxParameters parameters(JsonNode ref) {
        return new MdxParameters(ref.get("dim_f").asInt(), ref.get("dim_t").asInt(), ref.get("n_fft").asInt(),
                ref.get("hop").asInt(), ref.get("compensate").asDouble(), true, ref.get("overlap").asDouble());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nfft6144", "nfft7680"})
    void chunkSpectrogramsMatchUvrStft(String name) {
        JsonNode fixture = ReferenceModel.fixture("mdx_demix.json").get("tensors");
        float[][] mix = ReferenceModel.signal(fixture.get("input"));
        JsonNode ref = fixture.get(name);
        MdxParameters p = parameters(ref);
        MdxSpectrogram spectrogram = new MdxSpectrogram(p);
        int trim = p.nFft() / 2;
        int step = (int) ((1 - p.overlap()) * p.chunk());
        int last = ref.get("last_chunk").asInt();
        for (int k : last == 0 ? new int[] {0} : new int[] {0, last}) {
            // chunk k of [zeros(trim), mix, zeros(pad)] starts at mix frame k * step - trim
            float[] spec = new float[4 * p.dimF() * p.dimT()];
            FloatBuffer buffer = FloatBuffer.wrap(spec);
            for (int c = 0; c < 2; c++) {
                float[] chunk = new float[p.chunk()];
                for (int j = 0; j < chunk.length; j++) {
                    int frame = k * step - trim + j;
                    chunk[j] = frame >= 0 && frame < mix[c].length ? mix[c][frame] : 0f;
                }
                spectrogram.forward(chunk, buffer, c);
            }
            ReferenceModel.assertMatches(ref.get(k == 0 ? "first_chunk_spectrogram" : "last_chunk_spectrogram"),
                    i -> spec[i], SPECTROGRAM_TOLERANCE, "uvr STFT " + name + ", chunk " + k);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nfft6144", "nfft7680"})
    void stemsMatchDemixWithCompensation(String name) throws Exception {
        JsonNode fixture = ReferenceModel.fixture("mdx_demix.json").get("tensors");
        float[][] mix = ReferenceModel.signal(fixture.get("input"));
        JsonNode ref = fixture.get(name);
        MdxParameters p = parameters(ref);
        int frames = mix[0].length;
        TestSignals.Collected out = new TestSignals.Collected(2, frames);
        Path graph = TestGraphs.mdxReferenceModel(dir.resolve("mdx.onnx"), p.dimF(), p.dimT());
        MdxSeparator separator = new MdxSeparator(TestOnnx.load(graph), p);
        assertEquals(frames, separator.separate(ReferenceModel.source(mix), out, ProgressListener.NONE));

        ReferenceModel.assertMatches(ref.get("primary"), i -> out.of(Stem.VOCALS)[2 * (i % frames) + i / frames],
                WAVEFORM_TOLERANCE, "demix x compensate, " + name);
        ReferenceModel.assertMatches(ref.get("secondary"), i -> out.of(Stem.INSTRUMENTAL)[2 * (i % frames) + i / frames],
                WAVEFORM_TOLERANCE, "mix - primary, " + name);
    }
}
