package org.audiomesh.separation.onnx;

import org.audiomesh.common.onnx.OnnxModel;
import com.fasterxml.jackson.databind.JsonNode;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.separation.engine.Stem;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The HTDemucs engine on the real architecture: facebookresearch/demucs' {@code HTDemucs} with
 * small random weights (real STFT, segment, depth and sources; 8 channels, a 2-layer cross
 * transformer), exported as sevagh/demucs.onnx exports it, against the stems of demucs' own
 * {@code apply_model(split=True, overlap=0.25, shifts=0)} in float32 on 14 s of the reference
 * input (three segments, the last one short and centre-padded). Fixtures and how they were
 * made: {@code src/test/resources/reference/htdemucs-tiny/},
 * {@code tools/separation-reference/make_htdemucs_model.py}.
 */
class HtdemucsRealModelTest {
    /**
     * Relative to each stem's peak; this build reaches 4.4e-5. The difference is ONNX Runtime's
     * float32 network, not the engine: on torch's own inputs of one segment the exported graph's
     * outputs differ from torch's by 5.8e-5 (spectral branch) and 8e-6 (time branch) of their
     * peaks, while torch's float32 stems are within 5e-7 of its float64 ones, the engine's
     * spectrogram is within 1e-7 of demucs' ({@link HtdemucsReferenceTest}) and the MDX net
     * (convolutions only) matches at 1e-7 ({@link MdxRealModelTest}). Twice the measured figure
     * leaves room for other CPU kernels; misplacing the short last segment by one sample is off
     * by 0.18.
     */
    static final double TOLERANCE = 2e-4;

    @Test
    void stemsMatchDemucsApplyModelOnTheExportedRealArchitecture() throws Exception {
        JsonNode fixture = ReferenceModel.fixture("htdemucs-tiny/htdemucs_stems.json");
        float[][] mix = ReferenceModel.signal(fixture.get("input"));
        int frames = mix[0].length;
        TestSignals.Collected out = new TestSignals.Collected(2, frames);
        OnnxModel model = TestOnnx.load(RealModelFixture.folder("htdemucs-tiny").resolve("htdemucs.onnx"));
        HtdemucsSeparator separator = new HtdemucsSeparator(model);
        assertEquals(343_980, separator.segment());
        assertEquals(frames, separator.separate(ReferenceModel.source(mix), out, ProgressListener.NONE));

        Stem[] order = {Stem.DRUMS, Stem.BASS, Stem.OTHER, Stem.VOCALS};
        RealModelFixture.Stem[] stems = new RealModelFixture.Stem[order.length];
        for (int s = 0; s < order.length; s++) {
            float[] stem = out.of(order[s]);
            stems[s] = (c, i) -> stem[2 * i + c];
        }
        RealModelFixture.assertMatches(fixture.get("stems"), stems, TOLERANCE, "HTDemucs apply_model, real architecture");
        double instrumental = 0;
        for (int i = 0; i < 2 * frames; i++) {
            float m = mix[i % 2][i / 2];
            instrumental = Math.max(instrumental, Math.abs(out.of(Stem.INSTRUMENTAL)[i] - (m - out.of(Stem.VOCALS)[i])));
        }
        assertEquals(0, instrumental, 1e-6, "instrumental = mix - vocals");
    }
}
