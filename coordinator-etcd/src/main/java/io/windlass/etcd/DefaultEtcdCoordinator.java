package io.windlass.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import io.windlass.consumer.spi.ClaimResult;
import io.windlass.consumer.spi.CoordinatorListener;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.codec.WireCodec;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EtcdCoordinator} on jetcd. Threads: one scheduler (keep-alive, timers, re-join), one events thread (every
 * listener call), the committer's mailbox. Claims, releases and state writes go through the group {@link Committer}
 * (nested txns sharing its batches and in-flight cap).
 */
final class DefaultEtcdCoordinator implements EtcdCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultEtcdCoordinator.class);

    private final Client client;
    private final KV kv;
    private final Keys keys;
    private final EtcdCoordinatorSettings settings;
    private final Values values;
    private final EtcdCalls calls;
    private final Ownership owned = new Ownership();
    private final Object lifecycle = new Object();
    private volatile String nodeId;
    private volatile boolean draining;
    private volatile boolean closed;
    // set once in start() (under the lifecycle lock), read by jetcd/timer/events threads: volatile for publication
    private volatile Instant startedAt;
    private volatile ScheduledExecutorService scheduler;
    private volatile ExecutorService events;
    private volatile Committer committer;
    private volatile FencedWrites writes;
    private volatile NodeLease lease;
    private volatile NamespaceWatches watch;
    private volatile EventRouter router;
    private volatile ClaimTxn claims;

    DefaultEtcdCoordinator(Client client, Keys keys, EtcdCoordinatorSettings settings, WireCodec codec) {
        this.client = Objects.requireNonNull(client, "client");
        this.kv = client.getKVClient();
        this.keys = keys;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.values = new Values(Objects.requireNonNull(codec, "codec (WireCodec.standard() not available?)"));
        this.calls = new EtcdCalls(settings.requestTimeout(), settings.endpoint(), keys.rootString(),
                EtcdClients.identityOf(client));
    }

    @Override
    public void start(String node, CoordinatorListener listener) {
        TaskRecord.requireValidId(node);
        Objects.requireNonNull(listener, "listener");
        synchronized (lifecycle) {
            if (nodeId != null || closed) {
                throw new WindlassException(ErrorCode.ILLEGAL_STATE, "coordinator already started or closed");
            }
            nodeId = node;
            startedAt = settings.clock().instant();
            scheduler = Executors.newSingleThreadScheduledExecutor(daemon("windlass-etcd-timer-" + node));
            events = Executors.newSingleThreadExecutor(daemon("windlass-etcd-events-" + node));
            ExecutorService loop = events;
            // after close the events thread is gone: late completions then run inline rather than hang their futures
            java.util.concurrent.Executor eventThread = r -> {
                try {
                    loop.execute(r);
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    r.run();
                }
            };
            committer = new Committer(kv, calls, scheduler, settings, node, keys.committer(node));
            writes = new FencedWrites(kv, keys, values, committer, calls, settings.clock(), node);
            lease = new NodeLease(client.getLeaseClient(), scheduler, calls, settings.leaseTtl(), this::leaseLost);
            router = new EventRouter(keys, values, kv, calls, node, listener, owned, eventThread);
            watch = new NamespaceWatches(client.getWatchClient(), keys, eventThread, scheduler, settings.watchSilence(),
                    router);
            router.attach(watch);
            claims = new ClaimTxn(kv, keys, values, committer, calls, node, owned, router, eventThread);
            try {
                long leaseId = lease.grant();
                if (!register(leaseId, true)) {
                    throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "a live node '" + node
                            + "' is already registered in " + keys.rootString());
                }
                long revision = calls.await(router.resync(), "initial list of " + keys.rootString());
                watch.start(revision + 1);
                scheduler.scheduleWithFixedDelay(lease::checkDeadline, 100, 100, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                shutdown(true);
                throw e;
            }
        }
    }

    /** Puts the node key on the lease; with {@code exclusive}, only if no live node of that id exists. */
    private boolean register(long leaseId, boolean exclusive) {
        ByteSequence key = keys.node(nodeId);
        byte[] value = values.encodeNode(nodeId, host(), startedAt, draining);
        Op put = Op.put(key, ByteSequence.from(value), PutOption.builder().withLeaseId(leaseId).build());
        TxnResponse r = calls.await(exclusive
                ? kv.txn().If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0))).Then(put).commit()
                : kv.txn().Then(put).commit(), "register node " + nodeId);
        return r.isSucceeded();
    }

    private static String host() {
        String h = System.getenv("HOSTNAME");
        return h == null || h.isBlank() ? "localhost" : h;
    }

    /** Scheduler thread: fence every owned task at once, then re-join with a fresh lease. */
    private void leaseLost(long lostLease) {
        if (closed) {
            return;
        }
        events.execute(() -> owned.snapshot().forEach(router::lost));
        CompletableFuture.runAsync(() -> lease.revoke(lostLease), scheduler);
        scheduler.execute(this::rejoin);
    }

    private void rejoin() {
        if (closed) {
            return;
        }
        try {
            long leaseId = lease.grant();
            register(leaseId, false);
            LOG.info("node {} re-joined {} with lease {}", nodeId, keys.rootString(), Long.toHexString(leaseId));
            events.execute(() -> router.resync().whenComplete((rev, t) -> {
                if (t != null) {
                    router.resyncNeeded("re-join");
                }
            }));
        } catch (RuntimeException e) {
            LOG.warn("node {} could not re-join yet: {}", nodeId, e.getMessage());
            scheduler.schedule(this::rejoin, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    public CompletableFuture<ClaimResult> claim(String taskId) {
        if (notRunning()) {
            return CompletableFuture.failedFuture(stateError());
        }
        if (!lease.valid()) {
            // Retryable, not NotClaimed: nobody else may hold the task, so the caller must try again later.
            return CompletableFuture.failedFuture(new WindlassException(ErrorCode.UNAVAILABLE,
                    "node " + nodeId + ": lease not valid now; claim of " + taskId + " refused, retry later"));
        }
        return claims.claim(taskId, lease.id());
    }

    @Override
    public CompletableFuture<WriteResult> write(StateWrite w) {
        if (notRunning()) {
            return CompletableFuture.completedFuture(new WriteResult.Failed(stateError()));
        }
        boolean releases = w.releaseClaim() || w.finish();
        if (releases) {
            owned.releasing(w.taskId(), w.fence());
        }
        return writes.write(w).thenApply(r -> {
            if (releases) {
                router.settled(w.taskId(), w.fence(), settled(r));
            } else if (r instanceof WriteResult.FenceLost) {
                owned.remove(w.taskId(), w.fence());
            }
            return r;
        });
    }

    private static Ownership.Settled settled(WriteResult r) {
        if (r instanceof WriteResult.Committed) {
            return Ownership.Settled.DELETED;
        }
        if (r instanceof WriteResult.FenceLost) {
            return Ownership.Settled.FENCE_LOST;
        }
        return ((WriteResult.Failed) r).error().retryable() ? Ownership.Settled.UNKNOWN
                : Ownership.Settled.NOT_APPLIED;
    }

    @Override
    public CompletableFuture<Boolean> release(String taskId, long fence) {
        if (notRunning()) {
            return CompletableFuture.failedFuture(stateError());
        }
        return claims.release(taskId, fence);
    }

    @Override
    public CompletableFuture<List<NodeInfo>> nodes() {
        if (notRunning()) {
            return CompletableFuture.failedFuture(stateError());
        }
        return mapped(NodeReader.read(kv, keys, values), "nodes");
    }

    @Override
    public CompletableFuture<Void> setDraining(boolean value) {
        if (notRunning()) {
            return CompletableFuture.failedFuture(stateError());
        }
        draining = value;
        return CompletableFuture.runAsync(() -> register(lease.id(), false), scheduler)
                .exceptionallyCompose(t -> CompletableFuture.failedFuture(calls.map(t, "set draining")));
    }

    @Override
    public CompletableFuture<Void> ackNodeCommand(String commandId) {
        if (notRunning()) {
            return CompletableFuture.failedFuture(stateError());
        }
        return mapped(kv.delete(keys.nodeCommand(nodeId, commandId), DeleteOption.DEFAULT), "ack node command")
                .thenApply(r -> null);
    }

    private <T> CompletableFuture<T> mapped(CompletableFuture<T> f, String what) {
        return calls.bounded(f).exceptionallyCompose(t -> CompletableFuture.failedFuture(calls.map(t, what)));
    }

    @Override
    public long leaseValidUntilNanos() {
        NodeLease l = lease;
        return l == null ? System.nanoTime() : l.validUntilNanos();
    }

    @Override
    public boolean isLeaseValid() {
        NodeLease l = lease;
        return l != null && !closed && l.valid();
    }

    @Override
    public long leaseId() {
        NodeLease l = lease;
        return l == null ? 0 : l.id();
    }

    private boolean notRunning() {
        return nodeId == null || closed || lease == null;
    }

    private WindlassException stateError() {
        return new WindlassException(ErrorCode.ILLEGAL_STATE, closed ? "coordinator is closed" : "not started");
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (nodeId != null && lease != null) {
                shutdown(false);
            }
        }
    }

    private void shutdown(boolean failedStart) {
        closed = true;
        if (watch != null) {
            watch.stop();
        }
        long leaseId = lease == null ? 0 : lease.id();
        if (lease != null) {
            lease.stop();
        }
        if (committer != null) {
            committer.close();
        }
        if (!failedStart && nodeId != null) {
            try {
                calls.await(kv.delete(keys.node(nodeId)), "unregister node " + nodeId);
            } catch (WindlassException e) {
                LOG.info("unregistering node {} failed (its lease expiry removes it): {}", nodeId, e.getMessage());
            }
        }
        if (leaseId != 0 && lease != null) {
            lease.revoke(leaseId);
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (events != null) {
            events.shutdown();
        }
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** For tests and metrics: the namespace watches ({@code null} before start). */
    NamespaceWatches watch() {
        return watch;
    }
}
