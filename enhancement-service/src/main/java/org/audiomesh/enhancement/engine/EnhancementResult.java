package org.audiomesh.enhancement.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The stage's result JSON, the same for every engine. Fields (units in the names):
 * {@code engine}, {@code estimated_input_snr_db}, {@code noise_type}, {@code hum_hz},
 * {@code hum_harmonics_removed}, {@code input_rms_dbfs}, {@code output_rms_dbfs},
 * {@code output_peak_dbfs}, {@code level_reduction_db} (input RMS minus output RMS),
 * {@code attenuation_db}, {@code channel_mode}, {@code sample_rate} (of enhanced.wav),
 * {@code input_sample_rate}, {@code processing_sample_rate}, {@code channels}, {@code noise_hint}
 * (when the request had one),
 * {@code duration_seconds}, plus any engine-specific fields the caller adds.
 */
public final class EnhancementResult {
    private EnhancementResult() {
    }

    public static ObjectNode toJson(ObjectMapper mapper, String engine, EnhancementOptions options,
                                    EnhancementPipeline.Outcome o) {
        ObjectNode r = mapper.createObjectNode();
        StreamingEnhancer.Findings f = o.findings();
        r.put("engine", engine);
        r.put("estimated_input_snr_db", round(f.estimatedSnrDb()));
        r.put("noise_type", f.noiseType());
        if (options.noiseHint() != null) {
            r.put("noise_hint", options.noiseHint());
        }
        r.put("hum_hz", round(f.humHz()));
        r.put("hum_harmonics_removed", f.humHarmonics());
        r.put("input_rms_dbfs", round(o.inputRmsDbfs()));
        r.put("output_rms_dbfs", round(o.outputRmsDbfs()));
        r.put("output_peak_dbfs", round(o.outputPeakDbfs()));
        r.put("level_reduction_db", round(o.inputRmsDbfs() - o.outputRmsDbfs()));
        r.put("attenuation_db", options.attenuationDb());
        r.put("channel_mode", options.channelMode().id());
        r.put("burst_removal", options.burstRemoval() ? "auto" : "off");
        r.put("sample_rate", o.outputRate());
        r.put("input_sample_rate", o.input().sampleRate());
        r.put("processing_sample_rate", o.processingRate());
        r.put("channels", o.input().channels());
        r.put("duration_seconds", round((double) o.outputFrames() / o.outputRate()));
        return r;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
