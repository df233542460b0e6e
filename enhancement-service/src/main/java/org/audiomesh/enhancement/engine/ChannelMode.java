package org.audiomesh.enhancement.engine;

import java.util.Locale;

/** How a recording with several channels is enhanced. */
public enum ChannelMode {
    /** Each channel on its own: its own noise estimate and gains. */
    PER_CHANNEL,
    /**
     * Gains (or filters) estimated once on the mid signal (mean of the channels) and applied to
     * every channel: keeps the stereo image and costs one estimate.
     */
    MID;

    /** The option/config spelling: {@code per_channel} or {@code mid}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for an unknown spelling */
    public static ChannelMode parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (ChannelMode m : values()) {
            if (m.id().equals(v)) {
                return m;
            }
        }
        throw new IllegalArgumentException("channel mode must be per_channel or mid: " + s);
    }
}
