package org.audiomesh.analysis.engine;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Tempo, beats and meter of one recording. Times are seconds from the start of the audio.
 *
 * @param tempoBpm                 tempo in beats per minute; null when no beats were found (see
 *                                 {@code reason})
 * @param tempoConfidence          0..1, how periodic the onset envelope is at the tempo
 * @param tempoCurve               local tempo along the recording, one point per bar (at each
 *                                 downbeat; every four beats when the meter is unknown), from the
 *                                 beats within a bar either side; empty without a tempo
 * @param beats                    beat times, seconds, ascending
 * @param downbeats                times of the first beat of each bar (a subset of {@code beats}),
 *                                 seconds
 * @param timeSignature            "2/4", "3/4", "4/4", "6/8", "9/8" or "12/8"; null when unknown
 * @param timeSignatureConfidence  0..1
 * @param beatConfidence           0..1, how much stronger the onsets are on the beats than
 *                                 between them, scaled by the share of the audio the beats cover
 * @param rhythmRegularity         0..1, {@code 1 - 4 * (std / mean)} of the inter-beat intervals,
 *                                 clipped (1: metronomic; 0: a spread of 25 % or more)
 * @param onsets                   note/drum onset times, seconds, ascending
 * @param durationSeconds          length of the analysed audio, seconds
 * @param reason                   why {@code tempoBpm} is null ("silence", "too short", "no
 *                                 onsets", "no steady beat", "no beats"); null when there is
 *                                 a tempo
 */
public record BeatAnalysis(
        @JsonProperty("tempo_bpm") Double tempoBpm,
        @JsonProperty("tempo_confidence") double tempoConfidence,
        @JsonProperty("tempo_curve") TempoPoint[] tempoCurve,
        @JsonProperty("beats") double[] beats,
        @JsonProperty("downbeats") double[] downbeats,
        @JsonProperty("time_signature") String timeSignature,
        @JsonProperty("time_signature_confidence") double timeSignatureConfidence,
        @JsonProperty("beat_confidence") double beatConfidence,
        @JsonProperty("rhythm_regularity") double rhythmRegularity,
        @JsonProperty("onsets") double[] onsets,
        @JsonProperty("duration_s") double durationSeconds,
        @JsonProperty("reason") String reason) {

    public static final String SILENCE = "silence";
    public static final String TOO_SHORT = "too short";
    public static final String NO_ONSETS = "no onsets";
    public static final String NO_STEADY_BEAT = "no steady beat";
    public static final String NO_BEATS = "no beats";

    /** A result without tempo, beats or meter. */
    public static BeatAnalysis withoutTempo(String reason, double[] onsets, double durationSeconds) {
        return new BeatAnalysis(null, 0.0, new TempoPoint[0], new double[0], new double[0], null, 0.0, 0.0,
                0.0, onsets, durationSeconds, reason);
    }
}
