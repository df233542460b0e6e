package org.audiomesh.analysis.engine;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Loudness of one recording per ITU-R BS.1770-4 and EBU R 128 / Tech 3342, measured on its
 * original channels and sample rate.
 *
 * @param integratedLufs   programme loudness, LUFS (K-weighted, 400 ms blocks, absolute gate
 *                         -70 LUFS, relative gate -10 LU); null when no block passes the gates
 *                         (silence, or shorter than 400 ms)
 * @param loudnessRangeLu  EBU Tech 3342 loudness range, LU: 95th minus 10th percentile of the 3 s
 *                         short-term loudness, gated at -70 LUFS and 20 LU below the mean; 0 when
 *                         fewer than one short-term block passes (shorter than 3 s, or silence)
 * @param truePeakDbtp     largest magnitude of the signal oversampled four times with the
 *                         BS.1770-4 Annex 2 interpolation filter (or of the samples, when larger),
 *                         dBTP; null for digital silence
 * @param samplePeakDbfs   largest sample magnitude, dBFS; null for digital silence
 */
public record Loudness(
        @JsonProperty("integrated_lufs") Double integratedLufs,
        @JsonProperty("loudness_range_lu") double loudnessRangeLu,
        @JsonProperty("true_peak_dbtp") Double truePeakDbtp,
        @JsonProperty("sample_peak_dbfs") Double samplePeakDbfs) {
}
