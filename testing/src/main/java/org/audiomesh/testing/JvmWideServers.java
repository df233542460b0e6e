package org.audiomesh.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one started server per key for the whole JVM, stopped by a shutdown hook when the JVM exits.
 *
 * <p>Quarkus loads test resources through the class loader of each test application and builds a
 * new one whenever the next test class needs a different profile or resource set, so a static
 * field would hold one server per class loader. The address therefore lives in a system property
 * (a {@code String}, the same in every class loader) and the lock is the interned key, which is one
 * object per JVM. The class loader that started the server owns it and its shutdown hook.
 */
final class JvmWideServers {

    private static final Logger LOG = LoggerFactory.getLogger(JvmWideServers.class);

    private JvmWideServers() {
    }

    /**
     * Returns the address of the server registered under {@code key}, starting it first if no class
     * loader of this JVM has done so yet.
     *
     * @param key a system property name unique to the kind of server, e.g. {@code audiomesh.testing.kafka}
     */
    static String addressOf(String key, ServerStarter starter) {
        synchronized (key.intern()) {
            String running = System.getProperty(key);
            if (running != null) {
                return running;
            }
            StartedServer server = startOrFail(key, starter);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                System.clearProperty(key);
            }, "audiomesh-testing-stop-" + key));
            System.setProperty(key, server.address());
            LOG.info("audiomesh-testing: shared for this JVM: {}", server.description());
            return server.address();
        }
    }

    static StartedServer startOrFail(String what, ServerStarter starter) {
        try {
            return starter.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting " + what, e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start " + what + ": " + e.getMessage(), e);
        }
    }
}
