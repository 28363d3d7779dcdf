package dev.verdict.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Free local ports for test servers. */
public final class Ports {
    /**
     * Every port handed out in this JVM. The kernel may give a port that was just released again, so
     * three calls for one server's listeners could name the same port twice; none is handed out twice.
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {}

    public static int free() {
        while (true) {
            int port;
            try (var socket = new ServerSocket(0)) {
                socket.setReuseAddress(true);
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
    }
}
