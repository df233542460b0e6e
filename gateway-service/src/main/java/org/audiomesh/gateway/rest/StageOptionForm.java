package org.audiomesh.gateway.rest;

import org.jboss.resteasy.reactive.RestForm;

import java.util.HashMap;
import java.util.Map;

/**
 * The stage-option form fields a submission may carry beside its file or files (see
 * {@link StageOptions}): one list for the single upload and the batch.
 */
public class StageOptionForm {
    @RestForm("language")
    public String language;
    @RestForm("num_speakers")
    public String numSpeakers;
    @RestForm("lyrics")
    public String lyrics;
    @RestForm("task")
    public String task;
    @RestForm("prompt")
    public String prompt;
    @RestForm("beam_size")
    public String beamSize;
    @RestForm("stems")
    public String stems;
    @RestForm("format")
    public String format;
    @RestForm("encoding")
    public String encoding;
    @RestForm("attenuation_db")
    public String attenuationDb;
    @RestForm("output_sample_rate")
    public String outputSampleRate;
    @RestForm("channel_mode")
    public String channelMode;
    @RestForm("hum_removal")
    public String humRemoval;
    @RestForm("burst_removal")
    public String burstRemoval;
    @RestForm("noise_hint")
    public String noiseHint;

    /** The options, validated; an invalid one is {@code INVALID_OPTION}. */
    public Map<String, String> validated() {
        Map<String, String> raw = new HashMap<>();
        raw.put("language", language);
        raw.put("num_speakers", numSpeakers);
        raw.put("lyrics", lyrics);
        raw.put("task", task);
        raw.put("prompt", prompt);
        raw.put("beam_size", beamSize);
        raw.put("stems", stems);
        raw.put("format", format);
        raw.put("encoding", encoding);
        raw.put("attenuation_db", attenuationDb);
        raw.put("output_sample_rate", outputSampleRate);
        raw.put("channel_mode", channelMode);
        raw.put("hum_removal", humRemoval);
        raw.put("burst_removal", burstRemoval);
        raw.put("noise_hint", noiseHint);
        return StageOptions.of(raw);
    }
}
