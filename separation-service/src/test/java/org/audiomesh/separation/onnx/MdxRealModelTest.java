package org.audiomesh.separation.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.separation.engine.Stem;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The MDX engine on an exported network: a small random-weight TFC-TDF-like convolutional net
 * with the MDX signature [batch, 4, 3072, 256] (n_fft 6144, hop 1024, compensate 1.035, read
 * from its {@code mdx.json} as the engine reads it), against python-audio-separator's
 * {@code demix} recomputed in torch with the same network in float64, on the 14 s reference
 * input (four overlapping chunks). Fixtures and how they were made:
 * {@code src/test/resources/reference/mdx-tiny/}, {@code tools/separation-reference/make_mdx_model.py}.
 */
class MdxRealModelTest {
    /**
     * Relative to each stem's peak: ONNX Runtime's float32 network and the engine's float32
     * FFTs against the float64 reference (the network alone in torch float32 is within 1e-7 of
     * float64); this build reaches 1.2e-7.
     */
    static final double TOLERANCE = 1e-5;

    @Test
    void stemsMatchDemixOnTheExportedNetwork() throws Exception {
        JsonNode fixture = ReferenceModel.fixture("mdx-tiny/mdx_stems.json");
        float[][] mix = ReferenceModel.signal(fixture.get("input"));
        int frames = mix[0].length;
        Path folder = RealModelFixture.folder("mdx-tiny");
        MdxParameters parameters = MdxParameters.read(folder.resolve("mdx.json"), new ObjectMapper());
        assertEquals(new MdxParameters(3072, 256, 6144, 1024, 1.035, true, 0.25), parameters);
        TestSignals.Collected out = new TestSignals.Collected(2, frames);
        MdxSeparator separator = new MdxSeparator(TestOnnx.load(folder.resolve("mdx.onnx")), parameters);
        assertEquals(frames, separator.separate(ReferenceModel.source(mix), out, ProgressListener.NONE));

        float[] vocals = out.of(Stem.VOCALS);
        float[] instrumental = out.of(Stem.INSTRUMENTAL);
        RealModelFixture.Stem[] stems = {(c, i) -> vocals[2 * i + c], (c, i) -> instrumental[2 * i + c]};
        RealModelFixture.assertMatches(fixture.get("stems"), stems, TOLERANCE, "MDX demix, exported network");
    }
}
