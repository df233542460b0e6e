package org.audiomesh.separation.engine;

/**
 * RMS and peak of a signal fed block by block, over all channels (full scale = 1.0 = 0 dBFS).
 * Not thread-safe.
 */
final class LevelMeter {
    private double sumOfSquares;
    private long samples;
    private float peak;

    /** Adds {@code count} samples of {@code block} (interleaved or not: channels are pooled). */
    void add(float[] block, int count) {
        double sum = 0;
        float max = peak;
        for (int i = 0; i < count; i++) {
            float v = block[i];
            sum += (double) v * v;
            max = Math.max(max, Math.abs(v));
        }
        sumOfSquares += sum;
        samples += count;
        peak = max;
    }

    /** RMS level in dBFS, or null for digital silence (or no samples). */
    Double rmsDbfs() {
        return samples == 0 || sumOfSquares == 0 ? null : round(10 * Math.log10(sumOfSquares / samples));
    }

    /** Peak sample level in dBFS, or null for digital silence; above 0 when a stem exceeds full scale. */
    Double peakDbfs() {
        return peak == 0 ? null : round(20 * Math.log10(peak));
    }

    private static double round(double db) {
        return Math.round(db * 100) / 100.0;
    }
}
