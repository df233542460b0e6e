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
 * HTDemucs' spectrogram, its inverse and {@code apply_model}'s segmenting and overlap-add
 * against values computed with demucs' own maths in torch
 * ({@code tools/separation-reference/make_reference.py}, fixtures in
 * {@code src/test/resources/reference/}), on a 3 s stereo input and a known elementwise model.
 * The 44 100-sample segment gives five overlapping segments (the last 77 frames long); the
 * real 343 980-sample segment one centre-padded segment.
 */
class HtdemucsReferenceTest {
    /** Spectrogram values reach about 60 (normalised STFT); float32 FFTs of 4096 points. */
    static final double SPECTROGRAM_TOLERANCE = 1e-4;
    static final double WAVEFORM_TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {44100, 343_980})
    void spectrogramAndInverseMatchDemucsSpecAndIspec(int segment) {
        JsonNode fixture = ReferenceModel.fixture("htdemucs_spectrogram.json").get("tensors");
        float[][] mix = ReferenceModel.signal(fixture.get("input"));
        JsonNode ref = fixture.get("segment" + segment);
        float[][] window = centrePadded(mix, ref.get("offset").asInt(), ref.get("length").asInt(), segment);

        DemucsSpectrogram spectrogram = new DemucsSpectrogram(segment);
        float[] spec = new float[4 * DemucsSpectrogram.BINS * spectrogram.frames()];
        FloatBuffer buffer = FloatBuffer.wrap(spec);
        for (int c = 0; c < 2; c++) {
            spectrogram.forward(window[c], buffer, c);
        }
        ReferenceModel.assertMatches(ref.get("spectrogram"), i -> spec[i], SPECTROGRAM_TOLERANCE,
                "demucs _spec, segment " + segment);

        float[][] back = new float[2][segment];
        for (int c = 0; c < 2; c++) {
            spectrogram.inverse(spec, 0, c, back[c]);
        }
        ReferenceModel.assertMatches(ref.get("inverse"), i -> back[i / segment][i % segment], WAVEFORM_TOLERANCE,
                "demucs _ispec, segment " + segment);
    }

    @ParameterizedTest
    @ValueSource(ints = {44100, 343_980})
    void segmentsWeightsAndOverlapAddMatchApplyModel(int segment) throws Exception {
        JsonNode fixture = ReferenceModel.fixture("htdemucs_apply.json").get("tensors");
        float[][] mix = ReferenceModel.signal(fixture.get("input"));
        int frames = mix[0].length;
        TestSignals.Collected out = new TestSignals.Collected(2, frames);
        Path graph = TestGraphs.htdemucsReferenceModel(dir.resolve("htdemucs.onnx"), segment);
        HtdemucsSeparator separator = new HtdemucsSeparator(TestOnnx.load(graph));
        assertEquals(segment, separator.segment());
        assertEquals(frames, separator.separate(ReferenceModel.source(mix), out, ProgressListener.NONE));

        // the reference's sources: drums, bass, other, vocals, each [2][frames]
        Stem[] order = {Stem.DRUMS, Stem.BASS, Stem.OTHER, Stem.VOCALS};
        ReferenceModel.assertMatches(fixture.get("segment" + segment).get("sources"), i -> {
            int source = i / (2 * frames);
            int channel = i / frames % 2;
            return out.of(order[source])[2 * (i % frames) + channel];
        }, WAVEFORM_TOLERANCE, "apply_model, segment " + segment);
        double instrumental = 0;
        for (int i = 0; i < 2 * frames; i++) {
            float m = mix[i % 2][i / 2];
            instrumental = Math.max(instrumental, Math.abs(out.of(Stem.INSTRUMENTAL)[i] - (m - out.of(Stem.VOCALS)[i])));
        }
        assertEquals(0, instrumental, 1e-6, "instrumental = mix - vocals");
    }

    /** demucs' {@code TensorChunk(mix, offset, length).padded(target)}: centred, zeros outside. */
    static float[][] centrePadded(float[][] mix, int offset, int length, int target) {
        int start = offset - (target - length) / 2;
        float[][] out = new float[2][target];
        for (int c = 0; c < 2; c++) {
            for (int j = 0; j < target; j++) {
                int frame = start + j;
                out[c][j] = frame >= 0 && frame < mix[c].length ? mix[c][frame] : 0f;
            }
        }
        return out;
    }
}
