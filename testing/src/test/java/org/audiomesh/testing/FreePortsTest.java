package org.audiomesh.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void pickedPortCanBeBoundOnLoopback() throws Exception {
        int port = FreePorts.pick();
        assertTrue(port > 0 && port < 65536, "port " + port);
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, socket.getLocalPort());
        }
    }

    @Test
    void dockerSwitchSetToFalseMeansNoDocker() {
        String before = System.getProperty(DockerProbe.SWITCH_PROPERTY);
        System.setProperty(DockerProbe.SWITCH_PROPERTY, "false");
        try {
            long started = System.nanoTime();
            assertTrue(!DockerProbe.dockerAnswers());
            assertTrue(System.nanoTime() - started < 1_000_000_000L, "the switch must short-cut the probe");
        } finally {
            if (before == null) {
                System.clearProperty(DockerProbe.SWITCH_PROPERTY);
            } else {
                System.setProperty(DockerProbe.SWITCH_PROPERTY, before);
            }
        }
    }
}
