package org.audiomesh.transcription.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the transcription service ({@code audiomesh.transcription.*}); see the README. */
@ConfigMapping(prefix = "audiomesh.transcription")
public interface TranscriptionConfig {

    /** {@code auto} (Whisper when a model is installed, else PocketSphinx), {@code pocketsphinx} or {@code whisper}. */
    @WithDefault("auto")
    String engine();

    /** Longest piece of audio handed to the recogniser at once, in seconds. */
    @WithDefault("30")
    int chunkSeconds();

    PocketSphinx pocketsphinx();

    Diarization diarization();

    Whisper whisper();

    Vad vad();

    interface Whisper {
        /** Folder with a Whisper ONNX export and its tokenizer files. */
        @WithDefault("models/whisper")
        String modelDir();

        /** Beams when the request does not say; 1 is greedy decoding. */
        @WithDefault("1")
        int beamSize();
    }

    interface Vad {
        /** Whether Silero VAD picks the speech to transcribe (silence and instrumentals are skipped). */
        @WithDefault("true")
        boolean enabled();

        /** A Silero VAD v5 ONNX file; empty for the model built into the service. */
        @WithDefault("builtin")
        String model();

        /** Speech probability that starts speech. */
        @WithDefault("0.5")
        double threshold();
    }

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
