package io.windlass.testing.etcd;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks free loopback TCP ports in [{@value #LOW}, {@value #HIGH}] (below the Linux ephemeral range, so outgoing
 * connections never steal them) by binding and releasing them. Another process may still take a port before etcd binds
 * it: callers retry on "address already in use". Random choice keeps concurrent test JVMs from colliding often.
 */
final class FreePorts {
    static final int LOW = 10000;
    static final int HIGH = 32767;
    private static final int MAX_PROBES = 500;

    private FreePorts() {}

    /** {@code count} distinct ports that were free a moment ago; throws WindlassException(UNAVAILABLE) if none is found. */
    static int[] pick(int count) {
        Set<Integer> chosen = new HashSet<>();
        int[] ports = new int[count];
        int found = 0;
        for (int probe = 0; probe < MAX_PROBES && found < count; probe++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH + 1);
            if (!chosen.contains(port) && isFree(port)) {
                chosen.add(port);
                ports[found++] = port;
            }
        }
        if (found < count) {
            throw new WindlassException(ErrorCode.UNAVAILABLE,
                    "no " + count + " free loopback ports in [" + LOW + ", " + HIGH + "]");
        }
        return ports;
    }

    /** True if 127.0.0.1:{@code port} can be bound right now. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
