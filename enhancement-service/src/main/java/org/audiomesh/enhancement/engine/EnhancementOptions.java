package org.audiomesh.enhancement.engine;

import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The stage options of one enhancement request, validated. Option names (all optional; other
 * keys are ignored):
 * <ul>
 *   <li>{@code attenuation_db}: largest attenuation of noise (dB, 3..60); lower keeps more of the
 *       original, higher removes more noise;</li>
 *   <li>{@code output_sample_rate}: sample rate of {@code enhanced.wav} (Hz, 8000..192000); default
 *       the input's rate;</li>
 *   <li>{@code channel_mode}: {@code per_channel} or {@code mid} (see {@link ChannelMode});</li>
 *   <li>{@code hum_removal}: {@code auto} (detect 50/60 Hz hum and notch it out) or {@code off};</li>
 *   <li>{@code burst_removal}: {@code auto} (attenuate loud broadband noise bursts) or {@code off}
 *       (leave them to the steady-noise path, which keeps the speech under them);</li>
 *   <li>{@code noise_hint}: the background noise class another stage found (the analysis'
 *       classifier in the {@code speech} pipeline): recorded in the result, and {@code hum} turns
 *       hum removal on whatever {@code hum_removal} says.</li>
 * </ul>
 *
 * @param attenuationDb    dB, positive
 * @param outputSampleRate Hz, empty for the input's rate
 * @param noiseHint        the hinted background class, or null
 */
public record EnhancementOptions(double attenuationDb, OptionalInt outputSampleRate, ChannelMode channelMode,
                                 boolean humRemoval, String noiseHint, boolean burstRemoval) {
    public static final String NOISE_HINT = "noise_hint";
    /** The classes a hint may name (the analysis' noise classifier's). */
    public static final java.util.Set<String> NOISE_CLASSES = java.util.Set.of("white", "pink", "brown", "hum",
            "babble", "music", "impulsive", "speech", "silence");

    public EnhancementOptions(double attenuationDb, OptionalInt outputSampleRate, ChannelMode channelMode,
                              boolean humRemoval) {
        this(attenuationDb, outputSampleRate, channelMode, humRemoval, null, true);
    }

    public EnhancementOptions(double attenuationDb, OptionalInt outputSampleRate, ChannelMode channelMode,
                              boolean humRemoval, String noiseHint) {
        this(attenuationDb, outputSampleRate, channelMode, humRemoval, noiseHint, true);
    }

    public static final String ATTENUATION_DB = "attenuation_db";
    public static final String OUTPUT_SAMPLE_RATE = "output_sample_rate";
    public static final String CHANNEL_MODE = "channel_mode";
    public static final String HUM_REMOVAL = "hum_removal";
    public static final String BURST_REMOVAL = "burst_removal";

    /** Reads the options of a request over the service's defaults. */
    public static EnhancementOptions parse(Map<String, String> options, EnhancementOptions defaults) {
        double attenuation = defaults.attenuationDb();
        OptionalInt rate = defaults.outputSampleRate();
        ChannelMode mode = defaults.channelMode();
        boolean hum = defaults.humRemoval();
        boolean bursts = defaults.burstRemoval();
        String hint = null;
        if (options != null) {
            String a = options.get(ATTENUATION_DB);
            if (a != null && !a.isBlank()) {
                attenuation = number(ATTENUATION_DB, a, 3, 60);
            }
            String r = options.get(OUTPUT_SAMPLE_RATE);
            if (r != null && !r.isBlank()) {
                double v = number(OUTPUT_SAMPLE_RATE, r, 8000, 192000);
                if (v != Math.rint(v)) {
                    throw invalid(OUTPUT_SAMPLE_RATE, r, "a whole number of hertz");
                }
                rate = OptionalInt.of((int) v);
            }
            String m = options.get(CHANNEL_MODE);
            if (m != null && !m.isBlank()) {
                try {
                    mode = ChannelMode.parse(m);
                } catch (IllegalArgumentException e) {
                    throw invalid(CHANNEL_MODE, m, "per_channel or mid");
                }
            }
            hum = autoOrOff(HUM_REMOVAL, options.get(HUM_REMOVAL), hum);
            bursts = autoOrOff(BURST_REMOVAL, options.get(BURST_REMOVAL), bursts);
            String n = options.get(NOISE_HINT);
            if (n != null && !n.isBlank()) {
                hint = n.trim().toLowerCase(Locale.ROOT);
                if (!NOISE_CLASSES.contains(hint)) {
                    throw invalid(NOISE_HINT, n, "one of " + new java.util.TreeSet<>(NOISE_CLASSES));
                }
                if (hint.equals("hum")) {
                    hum = true;
                }
            }
        }
        return new EnhancementOptions(attenuation, rate, mode, hum, hint, bursts);
    }

    /** {@code auto} (also {@code on}, {@code true}) or {@code off} ({@code false}); blank keeps the default. */
    private static boolean autoOrOff(String name, String value, boolean fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "auto", "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw invalid(name, value, "auto or off");
        };
    }

    private static double number(String name, String value, double min, double max) {
        double v;
        try {
            v = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, value, "a number from " + fmt(min) + " to " + fmt(max));
        }
        if (!(v >= min && v <= max)) {
            throw invalid(name, value, "a number from " + fmt(min) + " to " + fmt(max));
        }
        return v;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static ProcessingException invalid(String name, String value, String expected) {
        return ProcessingException.badInput(ErrorCode.INVALID_OPTION,
                "option " + name + "='" + value + "' is invalid: expected " + expected);
    }
}
