package org.audiomesh.analysis.engine;

import java.util.Arrays;

/**
 * Streaming 12-bin pitch-class profile (chroma) per spectrum frame, used to see where the harmony
 * changes (chord changes mark bar lines). Each STFT bin between {@value #MIN_HZ} Hz and
 * {@value #MAX_HZ} Hz adds its power to the pitch class nearest its frequency (A4 = 440 Hz); each
 * frame is then scaled to sum to 1 (all zeros when the frame is silent).
 *
 * <p>Values are stored flat, {@code float[frames * 12]}, pitch class {@code c} of frame
 * {@code t} at {@code [t * 12 + c]}, C = 0. Not thread-safe.
 */
public final class Chromagram implements SpectrogramReader.FrameListener {

    public static final int PITCH_CLASSES = 12;
    static final double MIN_HZ = 80.0;
    static final double MAX_HZ = 4000.0;

    private final int firstBin;
    private final int[] pitchClassOfBin;
    private final float[] frameChroma = new float[PITCH_CLASSES];
    private float[] values = new float[PITCH_CLASSES * 1024];
    private int frames;

    /**
     * @param sampleRate sample rate of the analysed audio, Hz
     * @param frameSize  FFT length of the incoming frames, samples
     */
    public Chromagram(double sampleRate, int frameSize) {
        double binHz = sampleRate / frameSize;
        int first = Math.max(1, (int) Math.ceil(MIN_HZ / binHz));
        int last = Math.min(frameSize / 2, (int) Math.floor(Math.min(MAX_HZ, sampleRate / 2) / binHz));
        this.firstBin = first;
        this.pitchClassOfBin = new int[Math.max(0, last - first + 1)];
        for (int k = first; k <= last; k++) {
            double midi = 69.0 + 12.0 * Math.log(k * binHz / 440.0) / Math.log(2.0);
            pitchClassOfBin[k - first] = Math.floorMod((int) Math.round(midi), PITCH_CLASSES);
        }
    }

    @Override
    public void frame(float[] magnitude) {
        Arrays.fill(frameChroma, 0f);
        for (int j = 0; j < pitchClassOfBin.length; j++) {
            float m = magnitude[firstBin + j];
            frameChroma[pitchClassOfBin[j]] += m * m;
        }
        float sum = 0f;
        for (float c : frameChroma) {
            sum += c;
        }
        if (values.length < (frames + 1) * PITCH_CLASSES) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        int base = frames * PITCH_CLASSES;
        for (int c = 0; c < PITCH_CLASSES; c++) {
            values[base + c] = sum > 0f ? frameChroma[c] / sum : 0f;
        }
        frames++;
    }

    /** Frames received. */
    public int frames() {
        return frames;
    }

    /** Chroma of all frames, {@code float[frames * 12]}, a copy. */
    public float[] values() {
        return Arrays.copyOf(values, frames * PITCH_CLASSES);
    }
}
