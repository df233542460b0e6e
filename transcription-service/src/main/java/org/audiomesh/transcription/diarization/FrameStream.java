package org.audiomesh.transcription.diarization;

import org.audiomesh.common.audio.AudioSource;

import java.io.IOException;
import java.util.concurrent.CancellationException;

/**
 * Streams a 16 kHz mono source as analysis frames every {@link #HOP} samples (10 ms). Frame
 * {@code t} is the {@link Mfcc#FRAME}-sample span starting at sample {@code t * HOP - LEAD}; its
 * energy is measured over the centred {@link #ENERGY_SPAN} samples (25 ms) starting at
 * {@code t * HOP}. A stream of {@code n} samples has {@code ceil(n / HOP)} frames; samples past
 * either end read as zero. Only about one second of samples is held at a time.
 */
final class FrameStream {
    static final int HOP = 160;
    static final int ENERGY_SPAN = 400;
    static final int LEAD = (Mfcc.FRAME - ENERGY_SPAN) / 2;
    private static final int READ = 16_000;

    /** Receives each frame: {@code signal[start .. start + Mfcc.FRAME)} is frame {@code t}. */
    interface FrameConsumer {
        void frame(int t, float[] signal, int start);
    }

    private FrameStream() {
    }

    /** Seconds at which frame {@code t}'s energy span starts. */
    static double seconds(int t) {
        return t * (double) HOP / Mfcc.RATE;
    }

    /** Reads the source to its end; checks for interruption between reads. @return frames */
    static int run(AudioSource source, FrameConsumer consumer) throws IOException {
        int capacity = READ + Mfcc.FRAME + HOP; // most samples ever buffered
        float[] buf = new float[capacity + Mfcc.FRAME]; // room for a zero-padded last frame
        float[] read = new float[READ];
        long base = -LEAD; // absolute sample index of buf[0]; the first LEAD entries pad before sample 0
        int len = LEAD;
        long total = 0;
        int t = 0;
        boolean ended = false;
        while (!ended) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("diarization interrupted");
            }
            int n = source.read(read, Math.min(READ, capacity - len));
            if (n < 0) {
                ended = true;
                java.util.Arrays.fill(buf, len, buf.length, 0f);
            } else {
                System.arraycopy(read, 0, buf, len, n);
                len += n;
                total += n;
            }
            while ((long) t * HOP < total) {
                long frameStart = (long) t * HOP - LEAD;
                if (!ended && frameStart + Mfcc.FRAME > base + len) {
                    break; // wait for more samples
                }
                consumer.frame(t, buf, (int) (frameStart - base));
                t++;
            }
            int drop = (int) Math.max(0, Math.min(len, (long) t * HOP - LEAD - base));
            System.arraycopy(buf, drop, buf, 0, len - drop);
            len -= drop;
            base += drop;
        }
        return t;
    }
}
