package io.windlass.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.windlass.consumer.spi.CoordinatorListener;
import io.windlass.consumer.spi.DaemonThreads;
import io.windlass.statemachine.WindlassException;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one {@code start()} of a {@link DefaultEtcdCoordinator} builds and its {@code close()} tears down: the node's
 * threads (one scheduler for timers and re-join; one events thread for every listener call; the lease's own
 * keep-alive thread, see {@link NodeLease}), its lease,
 * the event path ({@link EventRouter}, {@link Reconciler}, the watches), the group {@link Committer} and the claim and
 * write paths on it. Immutable and safely published (final fields); each part is thread-safe or confined as its own
 * javadoc says. {@code draining} is the node key's draining flag, changed by {@code setDraining}.
 */
record CoordinatorRun(String node, Instant startedAt, AtomicBoolean draining, ScheduledExecutorService scheduler,
                      ExecutorService events, Committer committer, FencedWrites writes, NodeLease lease,
                      NodeRegistration registration, EventRouter router, Reconciler reconciler, NamespaceWatches watches, ClaimTxn claims) {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorRun.class);

    /**
     * Builds a run of {@code node} (advertising {@code handlerTypes}): no I/O, no thread started yet. {@code leaseLost} is called on the scheduler
     * thread with the id of a lease that was lost.
     */
    static CoordinatorRun build(Client client, Keys keys, Values values, EtcdCoordinatorSettings settings,
                                EtcdCalls calls, Ownership owned, String node, Set<String> handlerTypes,
                                CoordinatorListener listener,
                                LongConsumer leaseLost) {
        KV kv = client.getKVClient();
        ScheduledExecutorService scheduler =
                Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("windlass-etcd-timer-" + node));
        ExecutorService events = Executors.newSingleThreadExecutor(DaemonThreads.named("windlass-etcd-events-" + node));
        // after close the events thread is gone: late completions then run inline rather than hang their futures
        Executor eventThread = r -> {
            try {
                events.execute(r);
            } catch (RejectedExecutionException closing) {
                r.run();
            }
        };
        Committer committer = new Committer(kv, calls, scheduler, settings, node, keys.committer(node));
        FencedWrites writes = new FencedWrites(kv, keys, values, committer, calls, settings.clock(), node);
        NodeLease lease = new NodeLease(client.getLeaseClient(), node, calls, settings.leaseTtl(), leaseLost);
        EventRouter router = new EventRouter(keys, values, node, listener, owned, eventThread,
                new CommandQuarantine(kv, keys, calls));
        Reconciler reconciler = new Reconciler(kv, keys, calls, node, eventThread, router);
        NamespaceWatches watches = new NamespaceWatches(client.getWatchClient(), keys, eventThread, scheduler,
                settings.watchSilence(), reconciler, calls);
        reconciler.attach(watches);
        ClaimTxn claims = new ClaimTxn(kv, keys, values, committer, calls, node, owned, router, eventThread,
                l -> l == lease.id() && lease.valid());
        router.onOrphan(lease::id, claims::release);
        Instant startedAt = settings.clock().instant();
        NodeRegistration registration = new NodeRegistration(kv, keys, values, calls, node, host(), startedAt,
                handlerTypes);
        return new CoordinatorRun(node, startedAt, new AtomicBoolean(), scheduler, events, committer, writes, lease,
                registration, router, reconciler, watches, claims);
    }

    private static String host() {
        String h = System.getenv("HOSTNAME");
        return h == null || h.isBlank() ? "localhost" : h;
    }

    /**
     * Stops the run: watches, lease keep-alive, committer; deletes this process's own node key if {@code unregister}
     * (guarded, so never another process's registration of the same id; bounded; a failure is logged, the lease
     * revoke removes it anyway); revokes the lease; stops the threads. Not again.
     */
    void stop(EtcdCalls calls, boolean unregister) {
        watches.stop();
        long leaseId = lease.id();
        lease.stop();
        committer.close();
        if (unregister) {
            try {
                calls.await(calls.observed(registration.unregister(), "unregister"), "unregister node " + node);
            } catch (WindlassException e) {
                LOG.info("unregistering node {} failed (its lease expiry removes it): {}", node, e.getMessage());
            }
        }
        if (leaseId != 0) {
            lease.revoke(leaseId);
        }
        scheduler.shutdownNow();
        events.shutdown();
    }

    /** Releases the executors of a run that was built but never started (its start lost a race). */
    void discard() {
        lease.stop();
        committer.close();
        scheduler.shutdownNow();
        events.shutdown();
    }
}
