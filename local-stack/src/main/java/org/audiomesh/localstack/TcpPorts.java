package org.audiomesh.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Tells whether a TCP port already has a listener, before a local server tries to bind it. */
final class TcpPorts {

    private TcpPorts() {
    }

    static boolean inUse(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
