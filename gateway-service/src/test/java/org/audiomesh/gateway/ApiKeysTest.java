package org.audiomesh.gateway;

import org.audiomesh.gateway.security.ApiKeys;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing the configured keys, and finding the client of a presented key. */
class ApiKeysTest {

    @Test
    void keysAreFoundByTheirSecretWithTheirOwnLimits() {
        ApiKeys keys = new ApiKeys(true, "web:aaaaaaaaaaaaaaaa:10:600, batch:bbbbbbbbbbbbbbbb , ops:cccccccccccccccc::0");
        ApiKeys.Client web = keys.find("aaaaaaaaaaaaaaaa").orElseThrow();
        assertEquals("web", web.name());
        assertEquals(OptionalInt.of(10), web.submitsPerMinute());
        assertEquals(OptionalInt.of(600), web.readsPerMinute());
        ApiKeys.Client batch = keys.find("bbbbbbbbbbbbbbbb").orElseThrow();
        assertTrue(batch.submitsPerMinute().isEmpty(), "no limit of its own: the gateway-wide one");
        ApiKeys.Client ops = keys.find("cccccccccccccccc").orElseThrow();
        assertTrue(ops.submitsPerMinute().isEmpty());
        assertEquals(OptionalInt.of(0), ops.readsPerMinute());
        assertFalse(keys.find("aaaaaaaaaaaaaaab").isPresent());
        assertFalse(keys.find("").isPresent());
        assertFalse(keys.find(null).isPresent());
    }

    @Test
    void disabledKeysNeedNoConfiguration() {
        assertFalse(new ApiKeys(false, "").enabled());
    }

    @Test
    void badConfigurationFailsAtStartWithoutShowingTheSecret() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> new ApiKeys(true, " , "));
        assertTrue(none.getMessage().contains("AUDIOMESH_API_KEYS"));
        IllegalArgumentException shortSecret = assertThrows(IllegalArgumentException.class,
                () -> new ApiKeys(true, "web:short-secret"));
        assertFalse(shortSecret.getMessage().contains("short-secret"), shortSecret.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ApiKeys(true, "web:aaaaaaaaaaaaaaaa,web:bbbbbbbbbbbbbbbb"));
        assertThrows(IllegalArgumentException.class, () -> new ApiKeys(true, "web:aaaaaaaaaaaaaaaa:-1"));
        assertThrows(IllegalArgumentException.class, () -> new ApiKeys(true, "aaaaaaaaaaaaaaaa"));
        IllegalArgumentException badLimit = assertThrows(IllegalArgumentException.class,
                () -> new ApiKeys(true, "web:aaaaaaaaaaaaaaaa:many"));
        assertFalse(badLimit.getMessage().contains("aaaaaaaaaaaaaaaa"));
    }
}
