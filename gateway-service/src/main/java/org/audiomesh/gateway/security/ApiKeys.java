package org.audiomesh.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.audiomesh.gateway.config.GatewayConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configured API keys ({@code audiomesh.gateway.api-keys.keys}): a name per key for logs and
 * rate limits, and optional per-key limits. Only SHA-256 digests of the secrets are kept, and a
 * presented key is compared with every one of them in constant time, so neither the answer's
 * timing nor a heap dump gives a secret away. Secrets are never logged.
 */
@ApplicationScoped
public class ApiKeys {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9._~+/=-]{16,256}");

    /**
     * One key.
     *
     * @param submitsPerMinute the key's own submission limit; empty for the gateway-wide one, 0 for none
     * @param readsPerMinute   the key's own read limit; empty for the gateway-wide one, 0 for none
     */
    public record Client(String name, OptionalInt submitsPerMinute, OptionalInt readsPerMinute) {
    }

    private record Entry(Client client, byte[] digest) {
    }

    private final boolean enabled;
    private final List<Entry> entries;

    @Inject
    public ApiKeys(GatewayConfig config) {
        this(config.apiKeys().enabled(), config.apiKeys().keys().orElse(""));
    }

    /** @throws IllegalArgumentException when keys are enabled but none is valid, or an entry is malformed */
    public ApiKeys(boolean enabled, String spec) {
        this.enabled = enabled;
        this.entries = enabled ? parse(spec) : List.of();
        if (enabled && entries.isEmpty()) {
            throw new IllegalArgumentException("audiomesh.gateway.api-keys.enabled is true but "
                    + "audiomesh.gateway.api-keys.keys (AUDIOMESH_API_KEYS) names no key");
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** The client a presented key belongs to; empty for an unknown key. Takes the same time for any key. */
    public Optional<Client> find(String presented) {
        byte[] digest = sha256(presented == null ? "" : presented);
        Client found = null;
        for (Entry e : entries) { // no early exit: every digest is compared
            if (MessageDigest.isEqual(e.digest(), digest) && found == null) {
                found = e.client();
            }
        }
        return Optional.ofNullable(found);
    }

    private static List<Entry> parse(String spec) {
        List<Entry> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int index = 0;
        for (String raw : spec.split(",")) {
            index++;
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            String[] parts = entry.split(":", -1);
            // the messages name the entry by position and name, never by its secret
            if (parts.length < 2 || parts.length > 4) {
                throw new IllegalArgumentException("API key entry " + index
                        + " must be name:secret[:submits-per-minute[:reads-per-minute]]");
            }
            String name = parts[0].strip();
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("API key entry " + index + " has an invalid name");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("API key name " + name + " is used twice");
            }
            if (!SECRET.matcher(parts[1]).matches()) {
                throw new IllegalArgumentException("the secret of API key " + name + " must be 16 to 256 characters "
                        + "of A-Z a-z 0-9 . _ ~ + / = -");
            }
            OptionalInt submits = parts.length > 2 ? limit(parts[2], name) : OptionalInt.empty();
            OptionalInt reads = parts.length > 3 ? limit(parts[3], name) : OptionalInt.empty();
            out.add(new Entry(new Client(name, submits, reads), sha256(parts[1])));
        }
        return List.copyOf(out);
    }

    private static OptionalInt limit(String value, String name) {
        if (value.isBlank()) {
            return OptionalInt.empty();
        }
        try {
            int v = Integer.parseInt(value.strip());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return OptionalInt.of(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the rate limits of API key " + name + " must be whole numbers >= 0");
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
