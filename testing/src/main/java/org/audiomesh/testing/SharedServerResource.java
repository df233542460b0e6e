package org.audiomesh.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * A test server shared by the whole test JVM (started once, stopped at exit), or owned by one
 * test class with the init argument {@code shared=false}; sets one configuration key to its
 * address.
 */
abstract class SharedServerResource implements QuarkusTestResourceLifecycleManager {
    private final String configKey;
    private final String jvmWideKey;
    private final String what;
    private final ServerStarter starter;
    private boolean shared = true;
    private StartedServer ownServer;

    SharedServerResource(String configKey, String jvmWideKey, String what, ServerStarter starter) {
        this.configKey = configKey;
        this.jvmWideKey = jvmWideKey;
        this.what = what;
        this.starter = starter;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        shared = !"false".equalsIgnoreCase(initArgs.getOrDefault("shared", "true").trim());
    }

    @Override
    public Map<String, String> start() {
        String address;
        if (shared) {
            address = JvmWideServers.addressOf(jvmWideKey, starter);
        } else {
            ownServer = JvmWideServers.startOrFail(what, starter);
            address = ownServer.address();
        }
        return Map.of(configKey, address);
    }

    @Override
    public void stop() {
        if (ownServer != null) {
            ownServer.close();
            ownServer = null;
        }
    }

    /** The server this instance started with {@code shared=false}, while it runs; for tests of this module. */
    StartedServer ownServer() {
        return ownServer;
    }
}
