package org.audiomesh.enhancement.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the enhancement service ({@code audiomesh.enhancement.*}); documented in the README. */
@ConfigMapping(prefix = "audiomesh.enhancement")
public interface EnhancementConfig {

    /**
     * {@code auto} (DeepFilterNet3 when its model folder is complete, else built-in),
     * {@code deepfilternet}, {@code builtin} or {@code hybrid} (both, mixed).
     */
    @WithDefault("auto")
    String engine();

    /** Default largest attenuation of noise (dB) when a request does not set {@code attenuation_db}. */
    @WithDefault("25")
    double attenuationDb();

    /** Default handling of several channels: {@code per_channel} or {@code mid}. */
    @WithDefault("per_channel")
    String channelMode();

    /** Whether the built-in engine searches for 50/60 Hz hum and notches it out, by default. */
    @WithDefault("true")
    boolean humRemoval();

    /** DeepFilterNet3 settings (also the network of the hybrid engine). */
    DeepFilterNet deepfilternet();

    /** Hybrid engine settings. */
    Hybrid hybrid();

    interface Hybrid {
        /** Largest share of the network's output in the mix, in [0, 1]; the rest is the built-in engine's. */
        @WithDefault("0.35")
        double networkShare();
    }

    interface DeepFilterNet {
        /** Folder holding {@code enc.onnx}, {@code erb_dec.onnx}, {@code df_dec.onnx}. */
        @WithDefault("models/deepfilternet3")
        String modelDir();

        /** Frames (10 ms each) per inference call; memory and latency grow with it. */
        @WithDefault("500")
        int chunkFrames();

        /** Frames of context run before each chunk and discarded, so recurrent state settles. */
        @WithDefault("100")
        int contextFrames();
    }
}
