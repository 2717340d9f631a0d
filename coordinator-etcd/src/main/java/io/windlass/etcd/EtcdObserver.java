package io.windlass.etcd;

import java.time.Duration;

/**
 * Observes an {@link EtcdCoordinator}'s conversation with etcd (metrics; set with
 * {@link EtcdCoordinatorSettings#withObserver}). Every method has a no-op default. Called on jetcd's and the
 * coordinator's own threads, possibly concurrently: implementations must be thread-safe, quick and must not block; an
 * exception thrown here is logged and otherwise ignored. The arguments are bounded sets (no keys, no task ids).
 */
public interface EtcdObserver {
    /** Observes nothing. */
    EtcdObserver NONE = new EtcdObserver() {
    };

    /**
     * An etcd request of the coordinator (or client) completed. {@code op}: {@code commit} (a group-commit txn of
     * writes and claims), {@code claim_read}, {@code reread} (judging an indeterminate write), {@code range}
     * (relists and re-offers), {@code register}, {@code node_command_ack}, {@code lease_grant},
     * {@code lease_keepalive}, {@code lease_revoke}, {@code unregister}; an {@code EtcdTaskClient} built with these
     * settings reports {@code list_page} (the reads of a task list page). {@code result}: {@code ok},
     * {@code timeout}, or the lower-case {@code ErrorCode} of the failure ({@code unavailable}, {@code no_space}, ...).
     */
    default void request(String op, String result, Duration latency) {
    }

    /**
     * A lease keep-alive was answered ({@code ok}) or failed, {@code lag} after it was sent: the share of the lease's
     * TTL the round trip ate.
     */
    default void keepAlive(Duration lag, boolean ok) {
    }

    /**
     * A namespace watch was restarted. {@code reason}: {@code silent} (no event nor progress answer for the watch
     * silence), {@code error} (the stream failed; resumed from the last revision), {@code completed} (the server
     * closed it; resumed), {@code compacted} (its revision was compacted: the namespace is re-listed).
     */
    default void watchRestarted(String reason) {
    }
}
