package io.windlass.launcher;

import java.nio.file.Path;

/**
 * One etcd member process started by {@link EtcdLauncher}, with fault controls. All methods may be called from any
 * test thread; they block until the effect is observable (a killed member has exited, a restarted one is healthy) or
 * throw a {@link io.windlass.statemachine.WindlassException} whose message includes the tail of the member's log.
 */
public interface EtcdMember {
    /** Index of this member in the cluster (0-based), as in {@link EtcdLauncher#member(int)}. */
    int index();

    /** etcd's name of the member ({@code m0}, {@code m1}, ...). */
    String name();

    /** Client URL, e.g. {@code http://127.0.0.1:12345} ({@code https} with TLS); unchanged by {@link #restart()}. */
    String clientUrl();

    /** Peer URL used by the other members; unchanged by {@link #restart()}. */
    String peerUrl();

    /** The member's etcd data dir (in a temp dir deleted when the extension stops); unchanged by restart. */
    Path dataDir();

    /** OS pid of the running etcd process; -1 if it has never run. Changes on {@link #restart()}. */
    long pid();

    /** True while the etcd process is alive (a paused process is alive). */
    boolean isRunning();

    /** True between {@link #pause()} and {@link #resume()} (or a kill/restart). */
    boolean isPaused();

    /** SIGKILLs the process and waits until it has exited. No effect if it is not running. */
    void kill();

    /** SIGSTOPs the process (a frozen member, like a long GC pause): sockets stay open, nothing answers. */
    void pause();

    /** SIGCONTs a paused process. No effect if it is not paused. */
    void resume();

    /**
     * Starts the member again on the same data dir and ports (killing it first if it still runs) and waits until it
     * answers {@code /health}. If the port is still held briefly by the old process's sockets, it retries for a bounded
     * time. In a cluster, health needs a quorum: restart a member while a majority is up.
     */
    void restart();

    /** The interesting lines of this member's log (stdout+stderr of its latest run); also part of failure messages. */
    String logTail();
}
