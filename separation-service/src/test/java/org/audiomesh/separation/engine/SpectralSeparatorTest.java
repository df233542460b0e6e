package org.audiomesh.separation.engine;

import org.audiomesh.common.worker.ProgressListener;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpectralSeparatorTest {
    private static final int RATE = 44100;

    /** Everything a separation wrote, per stem, interleaved. */
    private static final class Collected implements StemSink {
        final int channels;
        final List<float[]> stems = new ArrayList<>();
        int frames;

        Collected(int channels, long capacity) {
            this.channels = channels;
            for (int s = 0; s < Stem.values().length; s++) {
                stems.add(new float[(int) capacity * channels]);
            }
        }

        @Override
        public void write(float[][] blocks, int count) {
            for (int s = 0; s < blocks.length; s++) {
                System.arraycopy(blocks[s], 0, stems.get(s), frames * channels, count * channels);
            }
            frames += count;
        }

        float[] of(Stem stem) {
            return stems.get(stem.ordinal());
        }
    }

    private static Collected separate(GeneratedSource source) throws IOException {
        Collected out = new Collected(source.format().channels(), source.format().frames());
        long written = new SpectralSeparator(SpectralSeparator.Settings.forRate(source.format().sampleRate()))
                .separate(source, out, ProgressListener.NONE);
        assertEquals(source.format().frames(), written);
        assertEquals(source.format().frames(), out.frames);
        return out;
    }

    /** A busy test mix: two tones, a noise floor and clicks, different in each channel. */
    private static float busy(long frame, int channel) {
        long h = (frame * 6364136223846793005L + channel * 1442695040888963407L) >>> 40;
        double noise = (h / (double) (1L << 24) - 0.5) * 0.05;
        double t = (double) frame / RATE;
        return (float) (0.3 * Math.sin(2 * Math.PI * 220 * t) + 0.2 * Math.sin(2 * Math.PI * (330 + 110 * channel) * t)
                + noise + (frame % 11025 == 0 ? 0.8 : 0));
    }

    @Test
    void stemsAddUpToTheMixAndKeepItsLengthAndChannels() throws IOException {
        for (int channels : new int[] {1, 2, 3}) {
            for (int frames : new int[] {0, 1, 1023, 1025, 3 * RATE + 17}) {
                Collected out = separate(new GeneratedSource(RATE, channels, frames, 1000, SpectralSeparatorTest::busy));
                float[] v = out.of(Stem.VOCALS);
                float[] d = out.of(Stem.DRUMS);
                float[] b = out.of(Stem.BASS);
                float[] o = out.of(Stem.OTHER);
                float[] inst = out.of(Stem.INSTRUMENTAL);
                double worst = 0;
                for (int i = 0; i < frames * channels; i++) {
                    float mix = busy(i / channels, i % channels);
                    worst = Math.max(worst, Math.abs(v[i] + d[i] + b[i] + o[i] - mix));
                    worst = Math.max(worst, Math.abs(v[i] + inst[i] - mix));
                }
                assertTrue(worst < 1e-5, channels + " channels, " + frames + " frames: off by " + worst);
            }
        }
    }

    @Test
    void notANumberInTheInputIsReadAsSilence() throws IOException {
        Collected out = separate(new GeneratedSource(RATE, 2, RATE, (f, c) -> f == 5000 ? Float.NaN : busy(f, c)));
        for (Stem stem : Stem.values()) {
            for (float x : out.of(stem)) {
                assertTrue(Float.isFinite(x), stem + " has " + x);
            }
        }
        assertEquals(0f, out.of(Stem.VOCALS)[10000] + out.of(Stem.INSTRUMENTAL)[10000], 1e-6f);
    }

    private static double harmonicTone(double t, double f0) {
        double x = 0;
        for (int h = 1; h <= 6; h++) {
            x += Math.sin(2 * Math.PI * h * f0 * t) / h;
        }
        return 0.15 * x;
    }

    @Test
    void theCentrePannedVoiceGoesToVocalsAndTheHardPannedInstrumentDoesNot() throws IOException {
        // centre: the same harmonic tone left and right; side: another only on the left
        GeneratedSource.Signal centre = (f, c) -> (float) harmonicTone((double) f / RATE, 330);
        GeneratedSource.Signal side = (f, c) -> c == 0 ? (float) harmonicTone((double) f / RATE, 523.25) : 0f;
        int frames = 4 * RATE;
        Collected out = separate(new GeneratedSource(RATE, 2, frames, (f, c) -> centre.sample(f, c) + side.sample(f, c)));
        double[] share = leastSquares(out.of(Stem.VOCALS), centre, side, frames);
        assertTrue(share[0] > 0.8, "vocals keep " + share[0] + " of the centre voice");
        assertTrue(Math.abs(share[1]) < 0.1, "vocals keep " + share[1] + " of the side instrument");
    }

    /**
     * Gains (a, b) of {@code x ~ a*p + b*q} over both channels, leaving out the first and last
     * quarter second (where the medians see the edges).
     */
    private static double[] leastSquares(float[] x, GeneratedSource.Signal p, GeneratedSource.Signal q, int frames) {
        double pp = 0, qq = 0, pq = 0, xp = 0, xq = 0;
        for (int f = RATE / 4; f < frames - RATE / 4; f++) {
            for (int c = 0; c < 2; c++) {
                double a = p.sample(f, c);
                double b = q.sample(f, c);
                double v = x[2 * f + c];
                pp += a * a;
                qq += b * b;
                pq += a * b;
                xp += v * a;
                xq += v * b;
            }
        }
        double det = pp * qq - pq * pq;
        return new double[] {(xp * qq - xq * pq) / det, (xq * pp - xp * pq) / det};
    }

    private static double energy(float[] x) {
        double e = 0;
        for (float v : x) {
            e += (double) v * v;
        }
        return e;
    }

    @Test
    void clicksGoToDrums() throws IOException {
        Collected out = separate(new GeneratedSource(RATE, 2, 3 * RATE, (f, c) -> f % (RATE / 2) == 100 ? 0.9f : 0f));
        double mix = energy(out.of(Stem.DRUMS)) + energy(out.of(Stem.VOCALS)) + energy(out.of(Stem.BASS))
                + energy(out.of(Stem.OTHER));
        assertTrue(energy(out.of(Stem.DRUMS)) / mix > 0.8, "drums hold " + energy(out.of(Stem.DRUMS)) / mix);
    }

    @Test
    void aSustainedLowNoteGoesToBass() throws IOException {
        Collected out = separate(new GeneratedSource(RATE, 2, 3 * RATE,
                (f, c) -> (float) (0.4 * Math.sin(2 * Math.PI * 55 * f / RATE) + 0.2 * Math.sin(2 * Math.PI * 110 * f / RATE))));
        double all = energy(out.of(Stem.DRUMS)) + energy(out.of(Stem.VOCALS)) + energy(out.of(Stem.BASS))
                + energy(out.of(Stem.OTHER));
        assertTrue(energy(out.of(Stem.BASS)) / all > 0.9, "bass holds " + energy(out.of(Stem.BASS)) / all);
        assertTrue(energy(out.of(Stem.VOCALS)) / all < 0.01, "vocals hold " + energy(out.of(Stem.VOCALS)) / all);
    }

    @Test
    void framesOfAboutNinetyMillisecondsAtEveryRate() {
        assertEquals(4096, SpectralSeparator.Settings.forRate(44100).frameSize());
        assertEquals(4096, SpectralSeparator.Settings.forRate(48000).frameSize());
        assertEquals(2048, SpectralSeparator.Settings.forRate(22050).frameSize());
        assertEquals(8192, SpectralSeparator.Settings.forRate(96000).frameSize());
        assertEquals(256, SpectralSeparator.Settings.forRate(16000).hop());
    }

    @Test
    void memoryDoesNotGrowWithTheLengthOfTheSong() throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        StemSink discard = (stems, frames) -> { };
        SpectralSeparator separator = new SpectralSeparator(SpectralSeparator.Settings.forRate(RATE));
        GeneratedSource.Signal signal = SpectralSeparatorTest::busy;
        separator.separate(new GeneratedSource(RATE, 2, 2 * RATE, signal), discard, ProgressListener.NONE); // warm-up
        long before = threads.getCurrentThreadAllocatedBytes();
        separator.separate(new GeneratedSource(RATE, 2, 4 * RATE, signal), discard, ProgressListener.NONE);
        long shortSong = threads.getCurrentThreadAllocatedBytes() - before;
        before = threads.getCurrentThreadAllocatedBytes();
        separator.separate(new GeneratedSource(RATE, 2, 40 * RATE, signal), discard, ProgressListener.NONE);
        long longSong = threads.getCurrentThreadAllocatedBytes() - before;
        // 10x the audio (1,550 more frames): any per-frame allocation would show many times over
        assertTrue(longSong < shortSong + 64 * 1024, "4 s allocated " + shortSong + " B, 40 s " + longSong + " B");
    }
}
