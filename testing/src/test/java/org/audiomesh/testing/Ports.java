package org.audiomesh.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Checks whether something accepts TCP connections, for tests that a stopped server is gone. */
final class Ports {

    private Ports() {
    }

    static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
