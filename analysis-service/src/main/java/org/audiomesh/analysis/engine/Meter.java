package org.audiomesh.analysis.engine;

/**
 * Time signature and bar phase of a beat sequence.
 *
 * @param timeSignature  "2/4", "3/4", "4/4", "6/8", "9/8" or "12/8"; null when unknown
 * @param confidence     0..1
 * @param beatsPerBar    tracked beats per bar (2, 3 or 4; 0 when unknown); for the compound
 *                       signatures a beat is a dotted quarter
 * @param firstDownbeat  index into the beat sequence of the first downbeat; -1 when unknown
 */
public record Meter(String timeSignature, double confidence, int beatsPerBar, int firstDownbeat) {

    /** No meter could be estimated (too few beats). */
    public static final Meter UNKNOWN = new Meter(null, 0.0, 0, -1);

    /** Indices of the downbeats in a sequence of {@code beatCount} beats, ascending. */
    public int[] downbeatIndices(int beatCount) {
        if (beatsPerBar <= 0 || firstDownbeat < 0 || firstDownbeat >= beatCount) {
            return new int[0];
        }
        int[] out = new int[(beatCount - 1 - firstDownbeat) / beatsPerBar + 1];
        for (int i = 0; i < out.length; i++) {
            out[i] = firstDownbeat + i * beatsPerBar;
        }
        return out;
    }
}
