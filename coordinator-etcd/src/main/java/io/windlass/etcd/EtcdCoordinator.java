package io.windlass.etcd;

import io.etcd.jetcd.Client;
import io.windlass.consumer.spi.Coordinator;
import io.windlass.statemachine.codec.WireCodec;

/**
 * The {@link Coordinator} on etcd for one node in one namespace. Several may live in one JVM (namespaces, clusters).
 * Closing it does not close the jetcd {@link Client}.
 *
 * <p>Lease timing: the node's lease is kept alive every granted-TTL/3 with a local deadline measured from
 * {@link System#nanoTime()} at the moment each keep-alive was <em>sent</em>. While {@link #isLeaseValid()} is false
 * (deadline passed, lease lost, or not yet granted) the engine must not start new work; {@link #claim} refuses then.
 * On lease loss every owned task gets {@code claimLost} at once, then a new lease is granted, the node re-registers
 * and claimable tasks are offered again.
 *
 * <p>Threads: listener calls and the results of {@code claim}/{@code release} come from one coordinator events thread
 * (never from jetcd's threads), write results from the group committer's thread; none of them may block. A node id
 * is refused (INVALID_ARGUMENT) while a live node key with that id exists — after a crash, until its lease expires.
 */
public interface EtcdCoordinator extends Coordinator {

    static EtcdCoordinator create(Client client, String namespace) {
        return create(client, namespace, EtcdCoordinatorSettings.defaults());
    }

    static EtcdCoordinator create(Client client, String namespace, EtcdCoordinatorSettings settings) {
        return new DefaultEtcdCoordinator(client, new Keys(namespace), settings, WireCodec.standard());
    }

    /** The coordinator of one node in {@code namespace} on {@code connection} (which it does not close). */
    static EtcdCoordinator create(EtcdConnection connection, String namespace, EtcdCoordinatorSettings settings) {
        return create(connection.jetcd(), namespace, settings);
    }

    /**
     * The {@link System#nanoTime()} value until which the current lease is certainly alive (send time of the last
     * answered keep-alive + granted TTL). Compare with {@code System.nanoTime() - leaseValidUntilNanos() < 0}.
     */
    long leaseValidUntilNanos();

    /** True while the lease is held and its local deadline has not passed. */
    boolean isLeaseValid();

    /**
     * True while the lease is valid and this process's node registration lives on it: only then are claims accepted.
     * After a lease loss the new lease is granted first and the registration moved onto it second, so there is a
     * short time (longer if the old registration is still held by another process) when the lease is valid but
     * {@link #claim} still refuses with a retryable UNAVAILABLE.
     */
    boolean isRegistered();

    /**
     * True while started and the namespace watch is in step with etcd; false before start, after close, and while a
     * re-list and re-watch is under way (after a compaction, a silent watch or a broken stream) — events may be late
     * then, never lost.
     */
    boolean isWatchSynced();

    /** The current lease id (0 before start); for diagnostics and tests. */
    long leaseId();
}
