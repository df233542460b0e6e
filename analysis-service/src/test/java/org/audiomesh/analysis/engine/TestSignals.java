package org.audiomesh.analysis.engine;

import java.util.Random;

/** Synthetic test audio with known beats. */
final class TestSignals {

    private TestSignals() {
    }

    /** Times of {@code count} beats at {@code bpm}, the first at {@code offset} seconds. */
    static double[] beatTimes(double bpm, double offset, double duration) {
        int count = (int) Math.floor((duration - offset) * bpm / 60.0 - 1e-9) + 1;
        double[] t = new double[count];
        for (int i = 0; i < count; i++) {
            t[i] = offset + i * 60.0 / bpm;
        }
        return t;
    }

    /**
     * A metronome: a 1 kHz click (30 ms, decaying) on every beat; every {@code beatsPerBar}-th
     * beat from the first is a louder 1.6 kHz click. {@code beatsPerBar <= 0} means no accents.
     */
    static float[] clickTrack(int sampleRate, double[] beats, int beatsPerBar, double duration) {
        float[] out = new float[(int) Math.round(duration * sampleRate)];
        for (int i = 0; i < beats.length; i++) {
            boolean accent = beatsPerBar > 0 && i % beatsPerBar == 0;
            addClick(out, sampleRate, beats[i], accent ? 1600.0 : 1000.0, accent ? 0.9 : 0.45);
        }
        return out;
    }

    static void addClick(float[] out, int sampleRate, double time, double hz, double amplitude) {
        int start = (int) Math.round(time * sampleRate);
        int length = (int) (0.03 * sampleRate);
        for (int i = 0; i < length && start + i < out.length; i++) {
            double t = (double) i / sampleRate;
            out[start + i] += (float) (amplitude * Math.exp(-t / 0.006) * Math.sin(2 * Math.PI * hz * t));
        }
    }

    /**
     * Beat times whose tempo rises linearly with time from {@code startBpm} at 0 s to
     * {@code endBpm} at {@code duration}, the first at {@code offset} seconds.
     */
    static double[] acceleratingBeatTimes(double startBpm, double endBpm, double offset, double duration) {
        java.util.List<Double> times = new java.util.ArrayList<>();
        for (double t = offset; t < duration - 0.1; ) {
            times.add(t);
            double bpm = startBpm + (endBpm - startBpm) * t / duration;
            t += 60.0 / bpm;
        }
        return times.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Block chords, each {@code seconds} long, the whole progression {@code repeats} times: every
     * note (a MIDI key) a tone of four harmonics (amplitudes 1/h) with a short attack and decay,
     * and the lowest note of each chord doubled an octave lower as a bass.
     */
    static float[] chords(int sampleRate, int[][] progression, double seconds, int repeats) {
        int length = (int) Math.round(seconds * sampleRate);
        float[] out = new float[length * progression.length * repeats];
        for (int r = 0; r < repeats; r++) {
            for (int c = 0; c < progression.length; c++) {
                int start = (r * progression.length + c) * length;
                int[] notes = progression[c];
                int lowest = java.util.Arrays.stream(notes).min().orElseThrow();
                int[] voiced = java.util.Arrays.copyOf(notes, notes.length + 1);
                voiced[notes.length] = lowest - 12;
                for (int key : voiced) {
                    double hz = 440.0 * Math.pow(2.0, (key - 69) / 12.0);
                    for (int i = 0; i < length; i++) {
                        double t = (double) i / sampleRate;
                        double envelope = Math.min(1.0, t / 0.01) * Math.exp(-t / 0.8);
                        double v = 0;
                        for (int h = 1; h <= 4; h++) {
                            v += Math.sin(2 * Math.PI * h * hz * t) / h;
                        }
                        out[start + i] += (float) (0.05 * envelope * v);
                    }
                }
            }
        }
        return out;
    }

    /** Gaussian white noise of the given RMS level. */
    static float[] noise(int sampleRate, double duration, double rms, long seed) {
        Random random = new Random(seed);
        float[] out = new float[(int) Math.round(duration * sampleRate)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (random.nextGaussian() * rms);
        }
        return out;
    }

    /** Adds {@code b} into {@code a} (same length or shorter). */
    static float[] mix(float[] a, float[] b) {
        float[] out = a.clone();
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            out[i] += b[i];
        }
        return out;
    }
}
