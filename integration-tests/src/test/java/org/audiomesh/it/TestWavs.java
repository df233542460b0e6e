package org.audiomesh.it;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/** Synthetic 16-bit PCM WAV recordings for the end-to-end tests. */
final class TestWavs {
    private TestWavs() {
    }

    /** Clicks at {@code bpm} over a little noise, {@code channels} identical channels. */
    static byte[] clickTrack(int rate, int channels, double seconds, double bpm) {
        int n = (int) Math.round(rate * seconds);
        ByteBuffer b = header(rate, channels, n);
        int period = (int) Math.round(rate * 60 / bpm);
        int clickLength = rate / 50;
        Random random = new Random(11);
        for (int i = 0; i < n; i++) {
            int k = i % period;
            double v = (k < clickLength ? 0.6 * Math.sin(2 * Math.PI * 1000 * k / rate) * (1 - (double) k / clickLength)
                    : 0) + 0.01 * random.nextGaussian();
            short s = (short) Math.round(Math.max(-1, Math.min(1, v)) * 32767);
            for (int c = 0; c < channels; c++) {
                b.putShort(s);
            }
        }
        return b.array();
    }

    /** A WAV whose header claims {@code claimedDataBytes} of samples but carries only {@code actualFrames} frames. */
    static byte[] lyingHeader(int rate, long claimedDataBytes, int actualFrames) {
        ByteBuffer b = header(rate, 1, actualFrames);
        b.putInt(4, (int) Math.min(0xFFFFFFFFL, 36 + claimedDataBytes));
        b.putInt(40, (int) Math.min(0xFFFFFFFFL, claimedDataBytes));
        return b.array();
    }

    private static ByteBuffer header(int rate, int channels, int frames) {
        int data = 2 * channels * frames;
        ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + data).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) channels).putInt(rate).putInt(rate * 2 * channels)
                .putShort((short) (2 * channels)).putShort((short) 16).put("data".getBytes()).putInt(data);
        return b;
    }
}
