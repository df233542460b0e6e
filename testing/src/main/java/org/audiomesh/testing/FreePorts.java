package org.audiomesh.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds TCP ports on 127.0.0.1 that nothing listens on, for servers started by tests. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * Returns a port that was free a moment ago on 127.0.0.1. Another process may take it before
     * the caller binds it; callers that can bind port 0 themselves should prefer that.
     */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on the loopback interface", e);
        }
    }
}
