package org.audiomesh.enhancement.engine;

import org.audiomesh.common.error.ErrorCode;
import org.audiomesh.common.error.ProcessingException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnhancementOptionsTest {
    private static final EnhancementOptions DEFAULTS = new EnhancementOptions(25, OptionalInt.empty(),
            ChannelMode.PER_CHANNEL, true);

    @Test
    void missingOptionsKeepTheDefaultsAndOtherKeysAreIgnored() {
        assertEquals(DEFAULTS, EnhancementOptions.parse(Map.of("language", "en"), DEFAULTS));
        assertEquals(DEFAULTS, EnhancementOptions.parse(null, DEFAULTS));
    }

    @Test
    void validOptionsAreRead() {
        EnhancementOptions o = EnhancementOptions.parse(Map.of("attenuation_db", "12.5", "output_sample_rate", "16000",
                "channel_mode", "mid", "hum_removal", "off", "burst_removal", "off"), DEFAULTS);
        assertEquals(12.5, o.attenuationDb());
        assertEquals(16000, o.outputSampleRate().getAsInt());
        assertEquals(ChannelMode.MID, o.channelMode());
        assertFalse(o.humRemoval());
        assertFalse(o.burstRemoval());
        assertTrue(DEFAULTS.burstRemoval(), "bursts are removed unless asked otherwise");
        assertTrue(EnhancementOptions.parse(Map.of("burst_removal", "auto"), o).burstRemoval());
    }

    @Test
    void aNoiseHintIsKeptAndAHumHintTurnsHumRemovalOn() {
        EnhancementOptions off = new EnhancementOptions(25, OptionalInt.empty(), ChannelMode.PER_CHANNEL, false);
        EnhancementOptions hum = EnhancementOptions.parse(Map.of("noise_hint", "hum"), off);
        assertEquals("hum", hum.noiseHint());
        assertEquals(true, hum.humRemoval());
        EnhancementOptions babble = EnhancementOptions.parse(Map.of("noise_hint", "Babble"), off);
        assertEquals("babble", babble.noiseHint());
        assertFalse(babble.humRemoval());
        assertEquals(null, EnhancementOptions.parse(Map.of(), off).noiseHint());
    }

    @Test
    void invalidOptionsFailAsNonRetryableInvalidOption() {
        for (Map<String, String> bad : new Map[] {Map.of("attenuation_db", "loud"), Map.of("attenuation_db", "90"),
                Map.of("output_sample_rate", "4000"), Map.of("output_sample_rate", "16000.5"),
                Map.of("channel_mode", "left"), Map.of("hum_removal", "maybe"), Map.of("noise_hint", "traffic"),
                Map.of("burst_removal", "sometimes")}) {
            ProcessingException e = assertThrows(ProcessingException.class, () -> EnhancementOptions.parse(bad, DEFAULTS),
                    bad.toString());
            assertEquals(ErrorCode.INVALID_OPTION, e.code());
            assertFalse(e.retryable());
        }
    }
}
