package org.audiomesh.separation.onnx;

import org.audiomesh.common.onnx.OnnxModel;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.audiomesh.common.worker.ProgressListener;
import org.audiomesh.separation.engine.Stem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MDX engine's chunking, spectrogram layout, windows and compensation, on a test graph. */
class MdxSeparatorTest {
    private static final int RATE = 44100;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private MdxParameters parameters(String primary) throws Exception {
        Path json = dir.resolve("mdx.json");
        Files.writeString(json, "{\"compensate\": 1.035, \"mdx_dim_f_set\": 3072, \"mdx_dim_t_set\": 8, "
                + "\"mdx_n_fft_scale_set\": 6144, \"primary_stem\": \"" + primary + "\"}");
        return MdxParameters.read(json, JSON);
    }

    @Test
    void parametersAreReadFromUvrModelData() throws Exception {
        MdxParameters p = parameters("Vocals");
        assertEquals(new MdxParameters(3072, 256, 6144, 1024, 1.035, true, 0.25), p);
        assertEquals(261_120, p.chunk());
        Files.writeString(dir.resolve("bad.json"), "{\"mdx_dim_f_set\": 3072}");
        assertThrows(IllegalArgumentException.class, () -> MdxParameters.read(dir.resolve("bad.json"), JSON));
    }

    @Test
    void theModelStemIsCompensatedAndTheOtherIsTheMixMinusIt() throws Exception {
        MdxSeparator mdx = new MdxSeparator(TestOnnx.load(TestGraphs.mdxLeftChannel(dir.resolve("mdx.onnx"), 3072, 256)),
                parameters("Vocals"));
        assertEquals(Set.of(Stem.VOCALS, Stem.INSTRUMENTAL), mdx.produces());
        int frames = 15 * RATE + 55; // four overlapping chunks and the padding
        TestSignals.Collected out = new TestSignals.Collected(2, frames);
        assertEquals(frames, mdx.separate(TestSignals.song(RATE, 2, frames, 9000), out, ProgressListener.NONE));
        double left = 0;
        double right = 0;
        double rest = 0;
        for (int i = 0; i < frames; i++) {
            float mixLeft = TestSignals.sample(i, 0, RATE, 9000);
            float mixRight = TestSignals.sample(i, 1, RATE, 9000);
            if (i >= 6144 && i < frames - 6144) {
                // at the song's ends the abrupt start from the zero padding has energy in the
                // three lowest bins, which MDX zeroes: the reference does the same
                left = Math.max(left, Math.abs(out.of(Stem.VOCALS)[2 * i] - 1.035f * mixLeft));
            }
            right = Math.max(right, Math.abs(out.of(Stem.VOCALS)[2 * i + 1]));
            rest = Math.max(rest, Math.abs(out.of(Stem.INSTRUMENTAL)[2 * i] + out.of(Stem.VOCALS)[2 * i] - mixLeft));
            rest = Math.max(rest, Math.abs(out.of(Stem.INSTRUMENTAL)[2 * i + 1] - mixRight));
        }
        assertTrue(left < 1e-4, "left vocals off 1.035 x the mix by " + left);
        assertTrue(right < 1e-6, "right vocals reach " + right);
        assertTrue(rest < 1e-6, "instrumental off mix - vocals by " + rest);
    }

    @Test
    void anInstrumentalModelGivesTheVocalsAsTheRest() throws Exception {
        MdxSeparator mdx = new MdxSeparator(TestOnnx.load(TestGraphs.mdxLeftChannel(dir.resolve("mdx.onnx"), 3072, 256)),
                parameters("Instrumental"));
        int frames = 3 * RATE;
        TestSignals.Collected out = new TestSignals.Collected(2, frames);
        mdx.separate(TestSignals.song(RATE, 2, frames, 9000), out, ProgressListener.NONE);
        // the model's (left-only) output is the instrumental; the right vocals are the whole right mix
        assertEquals(TestSignals.sample(RATE, 1, RATE, 9000), out.of(Stem.VOCALS)[2 * RATE + 1], 1e-6);
        assertEquals(0f, out.of(Stem.INSTRUMENTAL)[2 * RATE + 1], 1e-6);
    }

    @Test
    void aGraphWhoseShapeDisagreesWithTheParametersIsRefused() throws Exception {
        OnnxModel model = TestOnnx.load(TestGraphs.mdxLeftChannel(dir.resolve("small.onnx"), 2048, 256));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MdxSeparator(model, parameters("Vocals")));
        assertFalse(e.getMessage().isEmpty());
    }
}
