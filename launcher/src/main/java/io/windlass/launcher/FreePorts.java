package io.windlass.launcher;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback TCP ports in [{@value #LOW}, {@value #HIGH}] (below the Linux ephemeral range, so outgoing connections
 * never take them), reserved for as long as a cluster lives.
 *
 * <p>A port is chosen at random, must be lockable as {@code <tmp>/windlass-etcd-ports/<port>.lock} (an OS file lock:
 * other JVMs using this class skip ports of live clusters, even of a member that is down for a restart; the lock
 * vanishes with its JVM) and must bind right now. Something else may still grab it before etcd binds: callers retry
 * on "address already in use". If the lock directory is unusable, ports are only probed by binding. Thread-safe.
 */
final class FreePorts implements AutoCloseable {
    static final int LOW = 10000;
    static final int HIGH = 32767;
    private static final int MAX_PROBES = 1000;
    private static final Path LOCK_DIR = Path.of(System.getProperty("java.io.tmpdir"), "windlass-etcd-ports");
    /** Ports reserved in this JVM; checked before opening a lock file, because closing a second descriptor of a
     *  file would drop this process's POSIX lock on it. */
    private static final Set<Integer> HELD = ConcurrentHashMap.newKeySet();

    private final int[] ports;
    private final List<FileChannel> locks;
    private int held;

    private FreePorts(int[] ports, int held, List<FileChannel> locks) {
        this.ports = ports;
        this.held = held;
        this.locks = locks;
    }

    /** Reserves {@code count} distinct free ports; throws WindlassException(UNAVAILABLE) if none are found. */
    static FreePorts reserve(int count) {
        int[] ports = new int[count];
        List<FileChannel> locks = new ArrayList<>();
        boolean lockable = ensureLockDir();
        int found = 0;
        for (int probe = 0; probe < MAX_PROBES && found < count; probe++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH + 1);
            if (!HELD.add(port)) {
                continue; // reserved in this JVM
            }
            FileChannel lock = lockable ? tryLock(port) : null;
            if ((lockable && lock == null) || !isFree(port)) {
                HELD.remove(port); // reserved by another JVM, or in use
                if (lock != null) {
                    closeQuietly(lock);
                }
                continue;
            }
            ports[found++] = port;
            if (lock != null) {
                locks.add(lock);
            }
        }
        FreePorts reservation = new FreePorts(ports, found, locks);
        if (found < count) {
            reservation.close();
            throw new WindlassException(ErrorCode.UNAVAILABLE,
                    "no " + count + " free loopback ports in [" + LOW + ", " + HIGH + "]");
        }
        return reservation;
    }

    /** The reserved ports, in reservation order. */
    int[] ports() {
        return ports.clone();
    }

    /** Releases the reservations (the lock files stay, unlocked; deleting them would race with other lockers). */
    @Override public synchronized void close() {
        locks.forEach(FreePorts::closeQuietly);
        locks.clear();
        for (int i = 0; i < held; i++) {
            HELD.remove(ports[i]);
        }
        held = 0;
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

    private static boolean ensureLockDir() {
        try {
            Files.createDirectories(LOCK_DIR);
            return Files.isWritable(LOCK_DIR);
        } catch (IOException e) {
            return false;
        }
    }

    /** An open channel holding an exclusive lock on the port's lock file, or null if someone holds it. */
    private static FileChannel tryLock(int port) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(LOCK_DIR.resolve(port + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return channel;
            }
        } catch (IOException | OverlappingFileLockException e) {
            // unusable: treat as taken
        }
        if (channel != null) {
            closeQuietly(channel);
        }
        return null;
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // releasing anyway
        }
    }
}
