package org.audiomesh.separation.engine;

import java.util.Locale;

/**
 * The stems a separation can write. {@link #VOCALS}, {@link #DRUMS}, {@link #BASS} and
 * {@link #OTHER} add up to the mix; {@link #INSTRUMENTAL} is the mix minus the vocals, the
 * karaoke backing track.
 */
public enum Stem {
    VOCALS, DRUMS, BASS, OTHER, INSTRUMENTAL;

    /** Output name and file base name, e.g. {@code vocals} (the karaoke pipeline transcribes {@code vocals}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for an unknown name */
    public static Stem fromId(String id) {
        for (Stem s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stem '" + id + "'");
    }
}
