package org.audiomesh.separation.onnx;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fixtures of the real-architecture checks ({@code tools/separation-reference/make_htdemucs_model.py}
 * and {@code make_mdx_model.py}): a model folder under {@code src/test/resources/reference/} and
 * its reference stems, stored per stem and channel as every {@code step}-th sample, the sum, sum
 * of squares, peak and the RMS of each {@code block} of samples.
 */
final class RealModelFixture {
    private RealModelFixture() {
    }

    /** A model folder of the test resources, as the engine's {@code audiomesh.separation.model-dir}. */
    static Path folder(String name) {
        URL url = RealModelFixture.class.getResource("/reference/" + name);
        assertNotNull(url, "missing fixture folder /reference/" + name + " (see tools/separation-reference/README.md)");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stem as the test reads it: sample {@code i} of channel {@code c}. */
    interface Stem {
        double at(int channel, int i);
    }

    /**
     * Compares stems with the reference. Every stored sample, each channel's peak and the RMS of
     * each block must be within {@code tolerance × peak} (the stem's peak over both channels);
     * the sum of squares of each channel within {@code tolerance} relative.
     *
     * @param stems the engine's stems in the fixture's order
     * @return the largest difference at the stored samples divided by its stem's peak
     */
    static double assertMatches(JsonNode ref, Stem[] stems, double tolerance, String what) {
        int frames = ref.get("shape").get(2).asInt();
        int step = ref.get("step").asInt();
        int block = ref.get("block").asInt();
        double worst = 0;
        String worstAt = "";
        double worstBlock = 0;
        double worstSquares = 0;
        for (int s = 0; s < stems.length; s++) {
            double peak = Math.max(ref.get("max_abs").get(s).get(0).asDouble(), ref.get("max_abs").get(s).get(1).asDouble());
            for (int c = 0; c < 2; c++) {
                JsonNode values = ref.get("values").get(s).get(c);
                assertEquals((frames + step - 1) / step, values.size(), what + ": stored values");
                for (int k = 0; k < values.size(); k++) {
                    double e = Math.abs(stems[s].at(c, k * step) - values.get(k).asDouble()) / peak;
                    if (e > worst) {
                        worst = e;
                        worstAt = "stem " + s + " channel " + c + " sample " + k * step;
                    }
                }
                double squares = 0;
                double max = 0;
                JsonNode rms = ref.get("block_rms").get(s).get(c);
                for (int b = 0; b < rms.size(); b++) {
                    double blockSquares = 0;
                    for (int i = b * block; i < (b + 1) * block; i++) {
                        double v = stems[s].at(c, i);
                        blockSquares += v * v;
                    }
                    worstBlock = Math.max(worstBlock, Math.abs(Math.sqrt(blockSquares / block) - rms.get(b).asDouble()) / peak);
                }
                for (int i = 0; i < frames; i++) {
                    double v = stems[s].at(c, i);
                    squares += v * v;
                    max = Math.max(max, Math.abs(v));
                }
                double refSquares = ref.get("sum_squares").get(s).get(c).asDouble();
                worstSquares = Math.max(worstSquares, Math.abs(squares - refSquares) / refSquares);
                assertEquals(ref.get("max_abs").get(s).get(c).asDouble(), max, tolerance * peak,
                        what + ": peak of stem " + s + " channel " + c);
            }
        }
        System.out.printf("%s: max |error| %.3g of the stem's peak at %s; block RMS %.3g of the peak; "
                + "sum of squares %.3g relative%n", what, worst, worstAt, worstBlock, worstSquares);
        assertTrue(worst <= tolerance, what + ": off the reference by " + worst + " of the stem's peak at " + worstAt
                + " (tolerance " + tolerance + ")");
        assertTrue(worstBlock <= tolerance, what + ": block RMS off by " + worstBlock + " of the stem's peak");
        assertTrue(worstSquares <= tolerance, what + ": sum of squares off by " + worstSquares + " relative");
        return worst;
    }
}
