package org.audiomesh.analysis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.audiomesh.common.audio.AudioFiles;
import org.audiomesh.common.audio.AudioSource;
import org.audiomesh.common.audio.FfmpegDecoder;
import org.audiomesh.common.audio.SampleEncoding;
import org.audiomesh.common.audio.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoudnessMeterTest {

    /** The agreement with ffmpeg's ebur128 filter the analysis promises, LU (dB for the true peak). */
    private static final double FFMPEG_TOLERANCE = 0.5;

    @TempDir
    Path dir;

    @Test
    void stereoSineAtMinus20DbfsReadsMinus20Lufs() {
        Loudness l = measure(sine(48_000, 2, 997, 0.1, 10), 48_000, 2);

        assertEquals(-20.0, l.integratedLufs(), 0.05);
        assertEquals(0.0, l.loudnessRangeLu(), 0.05);
        assertEquals(-20.0, l.samplePeakDbfs(), 0.01);
        assertEquals(-20.0, l.truePeakDbtp(), 0.05);
    }

    @Test
    void kWeightingIsTheSameAt44100HzAsAt48000Hz() {
        // 100 Hz is attenuated by the high-pass, 5 kHz lifted by the shelf; the filters are derived
        // per rate, so both rates must agree
        for (double hz : new double[] {100, 1000, 5000}) {
            double at44 = measure(sine(44_100, 1, hz, 0.2, 5), 44_100, 1).integratedLufs();
            double at48 = measure(sine(48_000, 1, hz, 0.2, 5), 48_000, 1).integratedLufs();
            assertEquals(at48, at44, 0.05, "at " + hz + " Hz");
        }
        double low = measure(sine(48_000, 1, 100, 0.2, 5), 48_000, 1).integratedLufs();
        double mid = measure(sine(48_000, 1, 1000, 0.2, 5), 48_000, 1).integratedLufs();
        double high = measure(sine(48_000, 1, 5000, 0.2, 5), 48_000, 1).integratedLufs();
        assertTrue(low < mid - 0.5 && high > mid + 2.5, low + " " + mid + " " + high);
    }

    @Test
    void quietPassagesBelowTheRelativeGateDoNotLowerTheIntegratedLoudness() {
        int rate = 48_000;
        float[] loud = sine(rate, 1, 1000, 0.1, 10);
        float[] both = java.util.Arrays.copyOf(loud, loud.length * 2);
        for (int i = loud.length; i < both.length; i++) {
            both[i] = (float) (0.001 * Math.sin(2 * Math.PI * 1000 * i / rate)); // 40 dB down
        }

        double alone = measure(loud, rate, 1).integratedLufs();
        double withQuiet = measure(both, rate, 1).integratedLufs();

        // only the few 400 ms blocks that straddle the change count a little of the quiet part
        assertEquals(alone, withQuiet, 0.1);
    }

    @Test
    void theLfeChannelOfA51FileDoesNotCount() {
        int rate = 48_000;
        float[] frames = new float[rate * 5 * 6];
        for (int i = 0; i < rate * 5; i++) {
            frames[i * 6 + 3] = (float) (0.5 * Math.sin(2 * Math.PI * 60 * i / rate));
        }
        Loudness l = measure(frames, rate, 6);

        assertNull(l.integratedLufs(), "LFE only: no loudness");
        assertNotNull(l.truePeakDbtp(), "but the peak is there");
    }

    @Test
    void silenceAndClipsShorterThan400MsHaveNoIntegratedLoudness() {
        Loudness silence = measure(new float[48_000 * 3], 48_000, 1);
        Loudness blip = measure(sine(48_000, 1, 1000, 0.5, 0.3), 48_000, 1);

        assertNull(silence.integratedLufs());
        assertNull(silence.truePeakDbtp());
        assertNull(silence.samplePeakDbfs());
        assertNull(blip.integratedLufs());
        assertEquals(0.0, blip.loudnessRangeLu());
    }

    @Test
    void resultDoesNotDependOnHowTheStreamIsChunked() {
        float[] audio = noise(44_100, 2, 8, 0.1, 5);
        LoudnessMeter whole = new LoudnessMeter(44_100, 2);
        whole.samples(audio, audio.length / 2);
        LoudnessMeter bits = new LoudnessMeter(44_100, 2);
        float[] chunk = new float[2 * 1001];
        for (int start = 0; start < audio.length / 2; start += 1001) {
            int n = Math.min(1001, audio.length / 2 - start);
            System.arraycopy(audio, 2 * start, chunk, 0, 2 * n);
            bits.samples(chunk, n);
        }

        assertEquals(whole.result().integratedLufs(), bits.result().integratedLufs(), 1e-9);
        assertEquals(whole.result().loudnessRangeLu(), bits.result().loudnessRangeLu(), 1e-9);
        assertEquals(whole.result().truePeakDbtp(), bits.result().truePeakDbtp(), 1e-9);
    }

    @Test
    void integratedLoudnessRangeAndTruePeakAgreeWithFfmpegEbur128() throws Exception {
        assertTrue(FfmpegDecoder.available(), "this test needs ffmpeg (apt-get install -y ffmpeg); "
                + "it is the reference the loudness is checked against");
        // programme with level changes (gates, range), decorrelated stereo at 44.1 kHz
        float[] programme = levelSteps(44_100, new double[] {-20, -30, -14, -40, -24}, 8, 11);
        // tones and decaying clicks with silent gaps, mono at 22.05 kHz
        float[] music = clicksAndTones(22_050, 24);
        // clipped square-ish wave (inter-sample peaks above its samples), stereo at 48 kHz. (At
        // other rates ffmpeg resamples to 48 kHz before it looks for peaks, which over-reads
        // strong content near the Nyquist frequency: +0.9 dB on this wave at 22.05 kHz, whose
        // exact band-limited peak this meter matches within 0.15 dB.)
        float[] square = clippedSquare(48_000, 2, 10);
        // 5.1 noise with a different level per channel
        float[] surround = noise(48_000, 6, 10, 0.05, 17);
        for (int i = 0; i < surround.length; i++) {
            surround[i] *= 1 + (i % 6);
        }

        compareWithFfmpeg(programme, 44_100, 2, "programme");
        compareWithFfmpeg(music, 22_050, 1, "music");
        compareWithFfmpeg(square, 48_000, 2, "square");
        compareWithFfmpeg(surround, 48_000, 6, "surround");
    }

    private void compareWithFfmpeg(float[] audio, int rate, int channels, String name) throws Exception {
        Path wav = dir.resolve(name + ".wav");
        try (WavWriter w = WavWriter.create(wav, rate, channels, SampleEncoding.FLOAT32)) {
            w.write(audio, audio.length / channels);
        }
        Loudness ours;
        try (AudioSource in = AudioFiles.open(wav)) {
            LoudnessMeter meter = new LoudnessMeter(rate, channels);
            float[] chunk = new float[4096 * channels];
            int n;
            while ((n = in.read(chunk, 4096)) >= 0) {
                meter.samples(chunk, n);
            }
            ours = meter.result();
        }
        Map<String, Double> ffmpeg = ffmpegEbur128(wav);
        String what = name + ": ours " + ours + ", ffmpeg " + ffmpeg;
        assertEquals(ffmpeg.get("I"), ours.integratedLufs(), FFMPEG_TOLERANCE, what);
        assertEquals(ffmpeg.get("LRA"), ours.loudnessRangeLu(), FFMPEG_TOLERANCE, what);
        assertEquals(20 * Math.log10(ffmpeg.get("true_peak")), ours.truePeakDbtp(), FFMPEG_TOLERANCE, what);
    }

    /** The last values ffmpeg's ebur128 filter reports (three decimals), by metadata key. */
    private static Map<String, Double> ffmpegEbur128(Path wav) throws IOException, InterruptedException {
        String ffmpeg = FfmpegDecoder.Tools.fromEnvironment().ffmpeg();
        Path out = wav.resolveSibling(wav.getFileName() + ".txt");
        Process p = new ProcessBuilder(ffmpeg, "-nostdin", "-hide_banner", "-v", "error", "-i", wav.toString(),
                "-af", "ebur128=peak=true:metadata=1,ametadata=mode=print:file=" + out.getFileName(), "-f", "null", "-")
                .directory(wav.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffmpeg timed out");
        assertEquals(0, p.exitValue(), "ffmpeg failed on " + wav);
        Map<String, Double> last = new HashMap<>();
        Matcher m = Pattern.compile("lavfi\\.r128\\.(I|LRA|true_peak)=(\\S+)")
                .matcher(Files.readString(out, StandardCharsets.UTF_8));
        while (m.find()) {
            last.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        assertEquals(3, last.size(), "ffmpeg reported " + last);
        return last;
    }

    private static Loudness measure(float[] interleaved, int rate, int channels) {
        LoudnessMeter meter = new LoudnessMeter(rate, channels);
        meter.samples(interleaved, interleaved.length / channels);
        return meter.result();
    }

    static float[] sine(int rate, int channels, double hz, double amplitude, double seconds) {
        int n = (int) Math.round(seconds * rate);
        float[] out = new float[n * channels];
        for (int i = 0; i < n; i++) {
            float v = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
            for (int c = 0; c < channels; c++) {
                out[i * channels + c] = v;
            }
        }
        return out;
    }

    private static float[] noise(int rate, int channels, double seconds, double rms, long seed) {
        Random random = new Random(seed);
        float[] out = new float[(int) Math.round(seconds * rate) * channels];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (random.nextGaussian() * rms);
        }
        return out;
    }

    /** Low-passed noise stepping through levels (dBFS RMS), {@code seconds} each; R 3 dB below L. */
    private static float[] levelSteps(int rate, double[] levelsDb, double seconds, long seed) {
        Random random = new Random(seed);
        int step = (int) Math.round(seconds * rate);
        float[] out = new float[step * levelsDb.length * 2];
        double l = 0;
        double r = 0;
        for (int s = 0; s < levelsDb.length; s++) {
            double gain = Math.pow(10, levelsDb[s] / 20) * 2.2;
            for (int i = 0; i < step; i++) {
                l = 0.9 * l + 0.1 * random.nextGaussian();
                r = 0.9 * r + 0.1 * random.nextGaussian();
                int k = s * step + i;
                out[2 * k] = (float) (gain * l);
                out[2 * k + 1] = (float) (gain * 0.708 * r);
            }
        }
        return out;
    }

    /** A 220 Hz tone with a fifth above, decaying clicks twice a second, one second of silence in five. */
    private static float[] clicksAndTones(int rate, double seconds) {
        float[] out = new float[(int) Math.round(seconds * rate)];
        for (int i = 0; i < out.length; i++) {
            double t = (double) i / rate;
            if (t % 5 >= 4) {
                continue;
            }
            double click = Math.exp(-(t % 0.5) / 0.01) * Math.sin(2 * Math.PI * 3000 * t);
            out[i] = (float) (0.2 * Math.sin(2 * Math.PI * 220 * t) + 0.1 * Math.sin(2 * Math.PI * 330 * t)
                    + 0.4 * click);
        }
        return out;
    }

    private static float[] clippedSquare(int rate, int channels, double seconds) {
        int n = (int) Math.round(seconds * rate);
        float[] out = new float[n * channels];
        for (int i = 0; i < n; i++) {
            double v = 3 * Math.sin(2 * Math.PI * 1234.5 * i / rate);
            float clipped = (float) (0.7 * Math.max(-1, Math.min(1, v)));
            for (int c = 0; c < channels; c++) {
                out[i * channels + c] = c == 0 ? clipped : 0.5f * clipped;
            }
        }
        return out;
    }
}
