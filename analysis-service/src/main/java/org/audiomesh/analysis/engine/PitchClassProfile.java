package org.audiomesh.analysis.engine;

/**
 * The pitch-class profile of a whole recording, for key estimation: the strength of each of the
 * twelve pitch classes summed over all frames.
 *
 * <p>In every other frame, every spectral peak (a bin larger than both neighbours) between {@value #MIN_HZ}
 * and {@value #MAX_HZ} Hz and no more than {@value #RANGE_DB} dB below the frame's largest peak
 * gets its frequency by parabolic interpolation of the log magnitude, which resolves pitch well
 * below the bin spacing (about 10.8 Hz here), so bass notes count too; its magnitude goes to the
 * nearest pitch class (A4 = 440 Hz), weighted down linearly from 1 at the exact pitch to 0 at a
 * quarter tone off, so that noise and inharmonic partials count little. Magnitudes rather than
 * powers keep a loud bass line from outweighing the harmony.
 *
 * <p>Memory is constant. Not thread-safe.
 */
public final class PitchClassProfile implements SpectrogramReader.FrameListener {

    public static final int PITCH_CLASSES = 12;
    static final double MIN_HZ = 50.0;
    static final double MAX_HZ = 5000.0;
    static final double RANGE_DB = 50.0;

    private final double binHz;
    private final int firstBin;
    private final int lastBin;
    private final double[] profile = new double[PITCH_CLASSES];
    private final float rangeFactor = (float) Math.pow(10.0, -RANGE_DB / 20.0);
    private long frames;

    /**
     * @param sampleRate sample rate of the analysed audio, Hz
     * @param frameSize  FFT length of the incoming frames, samples
     */
    public PitchClassProfile(double sampleRate, int frameSize) {
        this.binHz = sampleRate / frameSize;
        this.firstBin = Math.max(2, (int) Math.floor(MIN_HZ / binHz));
        this.lastBin = Math.min(frameSize / 2 - 2, (int) Math.ceil(Math.min(MAX_HZ, 0.45 * sampleRate) / binHz));
    }

    @Override
    public void frame(float[] magnitude) {
        if ((frames++ & 1) == 1) {
            return; // every other frame (about 21 per second) is plenty for a key, at half the cost
        }
        float max = 0f;
        for (int k = firstBin; k <= lastBin; k++) {
            max = Math.max(max, magnitude[k]);
        }
        if (!(max > 1e-7f)) {
            return;
        }
        float threshold = max * rangeFactor;
        for (int k = firstBin; k <= lastBin; k++) {
            float m = magnitude[k];
            if (m < threshold || m <= magnitude[k - 1] || m < magnitude[k + 1]) {
                continue;
            }
            double a = Math.log(magnitude[k - 1] + 1e-12);
            double b = Math.log(m + 1e-12);
            double c = Math.log(magnitude[k + 1] + 1e-12);
            double hz = (k + TempoEstimator.parabolicOffset(a, b, c)) * binHz;
            double midi = 69.0 + 12.0 * Math.log(hz / 440.0) / Math.log(2.0);
            long nearest = Math.round(midi);
            double weight = 1.0 - 2.0 * Math.abs(midi - nearest);
            if (weight > 0) {
                profile[(int) Math.floorMod(nearest, PITCH_CLASSES)] += weight * m;
            }
        }
    }

    /** The profile so far, C = 0 .. B = 11, arbitrary units; all zeros when nothing was pitched. */
    public double[] values() {
        return profile.clone();
    }
}
