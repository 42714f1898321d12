package exchange.recovery.local.emulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import exchange.recovery.local.LocalRuntimeException;

/** A free TCP port on the loopback interface. */
public final class FreePorts {

    private FreePorts() {
    }

    public static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new LocalRuntimeException("No free loopback port", e);
        }
    }
}
