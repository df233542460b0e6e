package org.audiomesh.transcription.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the transcription service ({@code audiomesh.transcription.*}); see the README. */
@ConfigMapping(prefix = "audiomesh.transcription")
public interface TranscriptionConfig {

    /** {@code auto}, {@code pocketsphinx} or {@code whisper}. */
    @WithDefault("auto")
    String engine();

    /** Longest piece of audio handed to the recogniser at once, in seconds. */
    @WithDefault("30")
    int chunkSeconds();

    PocketSphinx pocketsphinx();

    Diarization diarization();

    interface PocketSphinx {
        /** Program name on {@code PATH}, or a path. */
        @WithDefault("pocketsphinx_continuous")
        String binary();

        /** Folder with {@code en-us/}, {@code en-us.lm.bin} and {@code cmudict-en-us.dict}. */
        @WithDefault("/usr/share/pocketsphinx/model/en-us")
        String modelDir();
    }

    interface Diarization {
        /** Whether speakers are labelled at all; when off every segment is "Unknown Speaker". */
        @WithDefault("true")
        boolean enabled();
    }
}
