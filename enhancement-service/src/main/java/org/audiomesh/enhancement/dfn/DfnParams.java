package org.audiomesh.enhancement.dfn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * DeepFilterNet3's signal parameters: the defaults of libDF's {@code DFState::default()} and of
 * the released model's {@code config.ini}, overridable from a {@code config.ini} next to the
 * ONNX files (keys of its {@code [df]} and {@code [deepfilternet]} sections).
 *
 * @param sampleRate     Hz (48000)
 * @param fftSize        samples per frame (960, 20 ms)
 * @param hopSize        samples per hop (480, 10 ms)
 * @param nbErb          ERB bands of the gain stage (32)
 * @param nbDf           lowest bins that are deep-filtered (96, up to 4.8 kHz)
 * @param dfOrder        deep-filter taps in time (5)
 * @param dfLookahead    future frames among those taps (2)
 * @param convLookahead  frames the encoder looks ahead (2): its output u belongs to frame u - 2
 * @param minNbErbFreqs  least bins per ERB band (2)
 * @param normTau        time constant of the feature normalisation (s, 1)
 */
public record DfnParams(int sampleRate, int fftSize, int hopSize, int nbErb, int nbDf, int dfOrder, int dfLookahead,
                        int convLookahead, int minNbErbFreqs, double normTau) {

    public static DfnParams defaults() {
        return new DfnParams(48000, 960, 480, 32, 96, 5, 2, 2, 2, 1.0);
    }

    public int bins() {
        return fftSize / 2 + 1;
    }

    /**
     * Smoothing factor of the feature normalisation, as libDF's {@code calc_norm_alpha}:
     * {@code exp(-hop / (sr * tau))} rounded to the fewest decimals (from 3) that keep it below 1
     * (0.99 for the defaults).
     */
    public float normAlpha() {
        float dt = (float) hopSize / sampleRate;
        float alpha = (float) Math.exp(-dt / (float) normTau);
        float a = 1f;
        int precision = 3;
        while (a >= 1f) {
            float scale = (float) Math.pow(10, precision);
            a = Math.round(alpha * scale) / scale;
            precision++;
        }
        return a;
    }

    /** The defaults overridden by the keys found in {@code file} (an INI file; sections are ignored). */
    public static DfnParams read(Path file) throws IOException {
        Map<String, String> kv = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";") || l.startsWith("[")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq > 0) {
                kv.putIfAbsent(l.substring(0, eq).strip().toLowerCase(Locale.ROOT), l.substring(eq + 1).strip());
            }
        }
        DfnParams d = defaults();
        return new DfnParams(integer(kv, "sr", d.sampleRate), integer(kv, "fft_size", d.fftSize),
                integer(kv, "hop_size", d.hopSize), integer(kv, "nb_erb", d.nbErb), integer(kv, "nb_df", d.nbDf),
                integer(kv, "df_order", d.dfOrder), integer(kv, "df_lookahead", d.dfLookahead),
                integer(kv, "conv_lookahead", d.convLookahead), integer(kv, "min_nb_erb_freqs", d.minNbErbFreqs),
                kv.containsKey("norm_tau") ? Double.parseDouble(kv.get("norm_tau")) : d.normTau);
    }

    private static int integer(Map<String, String> kv, String key, int fallback) {
        String v = kv.get(key);
        return v == null ? fallback : Integer.parseInt(v);
    }
}
