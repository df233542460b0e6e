package org.audiomesh.separation.engine;

import org.audiomesh.common.audio.SampleEncoding;
import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The stage options a separation request may carry.
 *
 * <ul>
 *   <li>{@code stems}: {@code all} (default: every stem the engine produces; vocals, drums,
 *       bass, other and instrumental for the built-in engine),
 *       {@code two-stems=vocals} (vocals and instrumental), or a comma-separated list of stem
 *       names, e.g. {@code vocals,drums};</li>
 *   <li>{@code format}: {@code wav} (default) or {@code flac} (encoded by ffmpeg);</li>
 *   <li>{@code encoding}: {@code float32} (default for WAV: stems never clip and add up to the
 *       mix exactly), {@code pcm16} or {@code pcm24} (default for FLAC, which has no float
 *       samples); integer samples are clamped at full scale.</li>
 * </ul>
 * Option names the separation does not know (another stage's, such as {@code language}) are
 * ignored; a bad value of a known one fails with {@code INVALID_OPTION}.
 *
 * @param stems    stems to write, in {@link Stem} order, each once
 * @param format   file format
 * @param encoding sample encoding of the files
 */
public record SeparationOptions(List<Stem> stems, Format format, SampleEncoding encoding) {

    private static final Map<String, SampleEncoding> ENCODINGS = Map.of(
            "float32", SampleEncoding.FLOAT32, "pcm16", SampleEncoding.PCM_S16, "pcm24", SampleEncoding.PCM_S24);

    /** Output file formats. */
    public enum Format {
        WAV, FLAC;

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SeparationOptions {
        if (stems.isEmpty()) {
            throw new IllegalArgumentException("no stems");
        }
        stems = List.copyOf(EnumSet.copyOf(stems)); // Stem order, each once
    }

    /** The option value naming {@link #encoding()}, e.g. {@code float32}. */
    public String encodingName() {
        return ENCODINGS.entrySet().stream().filter(e -> e.getValue() == encoding).findFirst().orElseThrow().getKey();
    }

    /** As {@link #parse(Map, Set, String)} for an engine that produces every stem. */
    public static SeparationOptions parse(Map<String, String> options) {
        return parse(options, EnumSet.allOf(Stem.class), "this");
    }

    /**
     * @param available the stems the engine produces ({@code all} means these)
     * @param engine    the engine's name, for messages
     * @throws ProcessingException {@code INVALID_OPTION} for a value it cannot honour
     */
    public static SeparationOptions parse(Map<String, String> options, Set<Stem> available, String engine) {
        Set<Stem> stems = parseStems(options.getOrDefault("stems", "all").strip(), available);
        for (Stem stem : stems) {
            if (!available.contains(stem)) {
                throw invalid("the " + engine + " engine does not produce " + stem.id() + "; it produces "
                        + available.stream().map(Stem::id).toList());
            }
        }
        Format format = switch (options.getOrDefault("format", "wav").strip().toLowerCase(Locale.ROOT)) {
            case "wav" -> Format.WAV;
            case "flac" -> Format.FLAC;
            default -> throw invalid("format must be wav or flac, not '" + options.get("format") + "'");
        };
        String encodingName = options.get("encoding");
        SampleEncoding encoding;
        if (encodingName == null || encodingName.isBlank()) {
            encoding = format == Format.WAV ? SampleEncoding.FLOAT32 : SampleEncoding.PCM_S24;
        } else {
            encoding = ENCODINGS.get(encodingName.strip().toLowerCase(Locale.ROOT));
            if (encoding == null) {
                throw invalid("encoding must be float32, pcm16 or pcm24, not '" + encodingName + "'");
            }
        }
        if (format == Format.FLAC && encoding.floatingPoint()) {
            throw invalid("FLAC holds integer samples only: use encoding pcm16 or pcm24");
        }
        return new SeparationOptions(List.copyOf(stems), format, encoding);
    }

    private static Set<Stem> parseStems(String value, Set<Stem> available) {
        if (value.isEmpty() || value.equals("all")) {
            return EnumSet.copyOf(available);
        }
        if (value.startsWith("two-stems=")) {
            if (!value.equals("two-stems=vocals")) {
                throw invalid("two-stems is defined for vocals only (vocals + instrumental): '" + value + "'");
            }
            return EnumSet.of(Stem.VOCALS, Stem.INSTRUMENTAL);
        }
        Set<Stem> stems = EnumSet.noneOf(Stem.class);
        for (String name : value.split(",")) {
            try {
                stems.add(Stem.fromId(name.strip().toLowerCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw invalidStems(value);
            }
        }
        if (stems.isEmpty()) {
            throw invalidStems(value);
        }
        return stems;
    }

    private static ProcessingException invalidStems(String value) {
        return invalid("stems must be all, two-stems=vocals or a comma-separated list of vocals, drums, bass, "
                + "other, instrumental: '" + value + "'");
    }

    private static ProcessingException invalid(String message) {
        return ProcessingException.badInput(ErrorCode.INVALID_OPTION, message);
    }
}
