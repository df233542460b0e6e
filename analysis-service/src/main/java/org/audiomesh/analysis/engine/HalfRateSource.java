package org.audiomesh.analysis.engine;

import java.io.IOException;
import java.util.Arrays;
import org.audiomesh.common.audio.AudioFormat;
import org.audiomesh.common.audio.AudioSource;

/**
 * The mono mix of another source at half its sample rate, streamed: the channels are averaged,
 * low-passed by a 47-tap half-band filter (Kaiser window, beta 6; flat to about 0.21 of the input
 * rate, more than 60 dB down from about 0.29) and every other sample is kept. Output frame
 * {@code j} is the filtered signal at input frame {@code 2j}, so times do not shift; the input is
 * taken as zero before its start and after its end, and {@code n} input frames give
 * {@code ceil(n / 2)} output frames.
 *
 * <p>A half-band filter has every other coefficient zero, so one output costs 12 multiply-adds:
 * at 44.1 kHz this is about a tenth of the cost of the STFT it saves, and rhythm and pitch need
 * nothing above the 11 kHz that survive. Not thread-safe.
 */
public final class HalfRateSource implements AudioSource {

    /** Taps either side of the centre; the filter has 2 * HALF_WIDTH + 1 = 47 taps. */
    static final int HALF_WIDTH = 23;
    private static final double KAISER_BETA = 6.0;
    private static final int CHUNK = 8192;
    /** Coefficients of the odd offsets 1, 3, ..., HALF_WIDTH (the centre tap is 0.5). */
    private static final float[] ODD_TAPS = design();

    private final AudioSource upstream;
    private final int channels;
    private final AudioFormat format;
    private final float[] interleaved;
    /** Mono input not yet consumed; pending[0] is input frame {@code pendingStart}. */
    private float[] pending;
    private int fill;
    private long pendingStart;
    /** Input frame of the next output (always even). */
    private long nextCentre;
    private long inputFrames;
    private boolean ended;
    private boolean flushed;

    public HalfRateSource(AudioSource upstream) {
        this.upstream = upstream;
        AudioFormat f = upstream.format();
        this.channels = f.channels();
        this.format = new AudioFormat(Math.max(1, f.sampleRate() / 2), 1, f.frames() < 0 ? -1 : (f.frames() + 1) / 2);
        this.interleaved = new float[CHUNK * channels];
        this.pending = new float[2 * CHUNK + 4 * HALF_WIDTH];
        // HALF_WIDTH zeros before the first sample: the signal is zero before its start
        this.fill = HALF_WIDTH;
        this.pendingStart = -HALF_WIDTH;
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public int read(float[] dst, int maxFrames) throws IOException {
        if (maxFrames <= 0) {
            return 0;
        }
        while (true) {
            int produced = produce(dst, maxFrames);
            if (produced > 0) {
                return produced;
            }
            if (flushed) {
                return -1;
            }
            pull();
        }
    }

    /** Outputs whose filter support lies within the pending samples (and within the input). */
    private int produce(float[] dst, int maxFrames) {
        int count = 0;
        long lastCentre = ended ? inputFrames - 1 : Long.MAX_VALUE;
        while (count < maxFrames && nextCentre <= lastCentre) {
            int c = (int) (nextCentre - pendingStart);
            if (c + HALF_WIDTH >= fill) {
                break;
            }
            dst[count++] = filterAt(pending, c);
            nextCentre += 2;
        }
        // drop what no later output needs
        int keepFrom = (int) (nextCentre - pendingStart) - HALF_WIDTH;
        if (keepFrom > 0) {
            System.arraycopy(pending, keepFrom, pending, 0, fill - keepFrom);
            fill -= keepFrom;
            pendingStart += keepFrom;
        }
        if (ended && nextCentre > lastCentre) {
            flushed = true;
        }
        return count;
    }

    /** The half-band filter centred on {@code x[c]}, written out so that the compiler keeps it tight. */
    private static float filterAt(float[] x, int c) {
        float[] h = ODD_TAPS;
        return 0.5f * x[c]
                + h[0] * (x[c - 1] + x[c + 1]) + h[1] * (x[c - 3] + x[c + 3])
                + h[2] * (x[c - 5] + x[c + 5]) + h[3] * (x[c - 7] + x[c + 7])
                + h[4] * (x[c - 9] + x[c + 9]) + h[5] * (x[c - 11] + x[c + 11])
                + h[6] * (x[c - 13] + x[c + 13]) + h[7] * (x[c - 15] + x[c + 15])
                + h[8] * (x[c - 17] + x[c + 17]) + h[9] * (x[c - 19] + x[c + 19])
                + h[10] * (x[c - 21] + x[c + 21]) + h[11] * (x[c - 23] + x[c + 23]);
    }

    private void pull() throws IOException {
        if (ended) {
            return;
        }
        int n = upstream.read(interleaved, CHUNK);
        if (n < 0) {
            ended = true;
            ensure(fill + HALF_WIDTH + 1);
            Arrays.fill(pending, fill, fill + HALF_WIDTH + 1, 0f); // zeros after the end
            fill += HALF_WIDTH + 1;
            return;
        }
        ensure(fill + n);
        if (channels == 1) {
            System.arraycopy(interleaved, 0, pending, fill, n);
        } else {
            float scale = 1f / channels;
            for (int i = 0, j = 0; i < n; i++) {
                float sum = 0f;
                for (int c = 0; c < channels; c++, j++) {
                    sum += interleaved[j];
                }
                pending[fill + i] = sum * scale;
            }
        }
        fill += n;
        inputFrames += n;
    }

    private void ensure(int capacity) {
        if (pending.length < capacity) {
            pending = Arrays.copyOf(pending, Math.max(capacity, 2 * pending.length));
        }
    }

    @Override
    public void close() throws IOException {
        upstream.close();
    }

    /** Kaiser-windowed half-band sinc, taps at odd offsets, normalised to unit gain at 0 Hz. */
    private static float[] design() {
        int odd = (HALF_WIDTH + 1) / 2;
        double[] taps = new double[odd];
        double i0Beta = besselI0(KAISER_BETA);
        double sum = 0;
        for (int k = 0; k < odd; k++) {
            int n = 2 * k + 1;
            double sinc = Math.sin(Math.PI * n / 2.0) / (Math.PI * n);
            double r = (double) n / (HALF_WIDTH + 1);
            double window = besselI0(KAISER_BETA * Math.sqrt(Math.max(0.0, 1.0 - r * r))) / i0Beta;
            taps[k] = sinc * window;
            sum += 2 * taps[k];
        }
        float[] out = new float[odd];
        for (int k = 0; k < odd; k++) {
            out[k] = (float) (taps[k] * 0.5 / sum); // centre 0.5 plus the odd taps sum to 1
        }
        return out;
    }

    private static double besselI0(double x) {
        double sum = 1.0;
        double term = 1.0;
        for (int k = 1; k < 50; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
        }
        return sum;
    }
}
