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
import io.windlass.etcd.CoordinatorState.NotStarted;
import io.windlass.etcd.CoordinatorState.Running;
import io.windlass.etcd.CoordinatorState.Starting;
import io.windlass.etcd.CoordinatorState.Stopping;
import io.windlass.etcd.CoordinatorState.Stopped;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.codec.WireCodec;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EtcdCoordinator} on jetcd. Threads: one scheduler (keep-alive, timers, re-join), one events thread (every
 * listener call), the committer's mailbox. Claims, releases and state writes go through the group {@link Committer}
 * (nested txns sharing its batches and in-flight cap).
 *
 * <p>Lifecycle: one immutable {@link CoordinatorState} in one {@link AtomicReference}, no lock. Transitions that
 * threads may race for (start from NotStarted, close from NotStarted or Running) are compare-and-set; only the thread
 * that entered Starting or Stopping leaves it, and a {@code close} meanwhile waits for that, so {@code close} always
 * returns with the node gone. Calls are served while starting (the first re-list already offers tasks, so claims
 * come in before {@code start} returns) and running.
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
    private final AtomicReference<CoordinatorState> state = new AtomicReference<>(new NotStarted());

    DefaultEtcdCoordinator(Client client, Keys keys, EtcdCoordinatorSettings settings, WireCodec codec) {
        this.client = Objects.requireNonNull(client, "client");
        this.kv = client.getKVClient();
        this.keys = keys;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.values = new Values(Objects.requireNonNull(codec, "codec (WireCodec.standard() not available?)"));
        this.calls = new EtcdCalls(settings.requestTimeout(), settings.endpoint(), settings.observer());
    }

    @Override
    public void start(String node, CoordinatorListener listener) {
        TaskRecord.requireValidId(node);
        Objects.requireNonNull(listener, "listener");
        CoordinatorState before = state.get();
        if (!(before instanceof NotStarted)) {
            throw alreadyStarted();
        }
        CoordinatorRun run = CoordinatorRun.build(client, keys, values, settings, calls, owned, node, listener,
                this::leaseLost);
        Starting starting = new Starting(run, new CompletableFuture<>());
        if (!state.compareAndSet(before, starting)) {
            run.discard();
            throw alreadyStarted();
        }
        try {
            join(run);
            state.set(new Running(run)); // only start() leaves Starting
        } catch (Throwable e) {
            Stopping stopping = new Stopping(run, new CompletableFuture<>());
            state.set(stopping);
            stop(stopping, false);
            throw e;
        } finally {
            starting.ended().complete(null);
        }
    }

    /** Grants the lease, registers the node, lists the namespace and starts watching after it. */
    private void join(CoordinatorRun run) {
        long leaseId = run.lease().grant();
        if (!register(run, leaseId, true)) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "a live node '" + run.node()
                    + "' is already registered in " + keys.rootString());
        }
        long revision = calls.await(run.reconciler().resync(), "initial list of " + keys.rootString());
        run.watches().start(revision + 1);
        run.scheduler().scheduleWithFixedDelay(run.lease()::checkDeadline, 100, 100, TimeUnit.MILLISECONDS);
    }

    private static WindlassException alreadyStarted() {
        return new WindlassException(ErrorCode.ILLEGAL_STATE, "coordinator already started or closed");
    }

    /** Puts the node key on the lease; with {@code exclusive}, only if no live node of that id exists. */
    private boolean register(CoordinatorRun run, long leaseId, boolean exclusive) {
        ByteSequence key = keys.node(run.node());
        byte[] value = values.encodeNode(run.node(), host(), run.startedAt(), run.draining().get());
        Op put = Op.put(key, ByteSequence.from(value), PutOption.builder().withLeaseId(leaseId).build());
        TxnResponse r = calls.await(calls.observed(exclusive
                ? kv.txn().If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0))).Then(put).commit()
                : kv.txn().Then(put).commit(), "register"), "register node " + run.node());
        return r.isSucceeded();
    }

    private static String host() {
        String h = System.getenv("HOSTNAME");
        return h == null || h.isBlank() ? "localhost" : h;
    }

    /** Scheduler thread: fence every owned task at once, then re-join with a fresh lease. */
    private void leaseLost(long lostLease) {
        CoordinatorRun run = serving();
        if (run == null) {
            return;
        }
        run.events().execute(() -> owned.snapshot().forEach(run.router()::lost));
        CompletableFuture.runAsync(() -> run.lease().revoke(lostLease), run.scheduler());
        run.scheduler().execute(this::rejoin);
    }

    private void rejoin() {
        CoordinatorRun run = serving();
        if (run == null) {
            return;
        }
        try {
            long leaseId = run.lease().grant();
            register(run, leaseId, false);
            LOG.info("node {} re-joined {} with lease {}", run.node(), keys.rootString(), Long.toHexString(leaseId));
            run.events().execute(() -> run.reconciler().resync().whenComplete((rev, t) -> {
                if (t != null) {
                    run.reconciler().resyncNeeded("re-join");
                }
            }));
        } catch (RuntimeException e) {
            LOG.warn("node {} could not re-join yet: {}", run.node(), e.getMessage());
            run.scheduler().schedule(this::rejoin, 1, TimeUnit.SECONDS);
        }
    }

    @Override
    public CompletableFuture<ClaimResult> claim(String taskId) {
        CoordinatorState s = state.get();
        if (!s.serves()) {
            return CompletableFuture.failedFuture(s.refusal());
        }
        NodeLease lease = s.run().lease();
        if (!lease.valid()) {
            // Retryable, not NotClaimed: nobody else may hold the task, so the caller must try again later.
            return CompletableFuture.failedFuture(new WindlassException(ErrorCode.UNAVAILABLE,
                    "node " + s.run().node() + ": lease not valid now; claim of " + taskId + " refused, retry later"));
        }
        return s.run().claims().claim(taskId, lease.id());
    }

    @Override
    public CompletableFuture<WriteResult> write(StateWrite w) {
        CoordinatorState s = state.get();
        if (!s.serves()) {
            return CompletableFuture.completedFuture(new WriteResult.Failed(s.refusal()));
        }
        boolean releases = w.releaseClaim() || w.finish();
        if (releases) {
            owned.releasing(w.taskId(), w.fence());
        }
        EventRouter router = s.run().router();
        return s.run().writes().write(w).thenApply(r -> {
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
        CoordinatorState s = state.get();
        return s.serves() ? s.run().claims().release(taskId, fence) : CompletableFuture.failedFuture(s.refusal());
    }

    @Override
    public CompletableFuture<List<NodeInfo>> nodes() {
        CoordinatorState s = state.get();
        return s.serves() ? mapped(NodeReader.read(kv, keys, values), "nodes")
                : CompletableFuture.failedFuture(s.refusal());
    }

    @Override
    public CompletableFuture<Void> setDraining(boolean value) {
        CoordinatorState s = state.get();
        if (!s.serves()) {
            return CompletableFuture.failedFuture(s.refusal());
        }
        CoordinatorRun run = s.run();
        run.draining().set(value);
        return CompletableFuture.runAsync(() -> register(run, run.lease().id(), false), run.scheduler())
                .exceptionallyCompose(t -> CompletableFuture.failedFuture(calls.map(t, "set draining")));
    }

    @Override
    public CompletableFuture<Void> ackNodeCommand(String commandId) {
        CoordinatorState s = state.get();
        if (!s.serves()) {
            return CompletableFuture.failedFuture(s.refusal());
        }
        return mapped(calls.observed(kv.delete(keys.nodeCommand(s.run().node(), commandId), DeleteOption.DEFAULT),
                "node_command_ack"), "ack node command").thenApply(r -> null);
    }

    private <T> CompletableFuture<T> mapped(CompletableFuture<T> f, String what) {
        return calls.bounded(f).exceptionallyCompose(t -> CompletableFuture.failedFuture(calls.map(t, what)));
    }

    @Override
    public long leaseValidUntilNanos() {
        CoordinatorRun run = state.get().run();
        return run == null ? System.nanoTime() : run.lease().validUntilNanos();
    }

    @Override
    public boolean isLeaseValid() {
        CoordinatorState s = state.get();
        return s.serves() && s.run().lease().valid();
    }

    @Override
    public long leaseId() {
        CoordinatorRun run = state.get().run();
        return run == null ? 0 : run.lease().id();
    }

    /** The run while calls are served (starting or running), else null. */
    private CoordinatorRun serving() {
        CoordinatorState s = state.get();
        return s.serves() ? s.run() : null;
    }

    @Override
    public void close() {
        while (true) {
            CoordinatorState s = state.get();
            if (s instanceof NotStarted) {
                if (state.compareAndSet(s, new Stopped(null))) {
                    return;
                }
            } else if (s instanceof Starting starting) {
                starting.ended().join(); // start() ends in Running (closed next turn) or Stopped
            } else if (s instanceof Running running) {
                Stopping stopping = new Stopping(running.run(), new CompletableFuture<>());
                if (state.compareAndSet(s, stopping)) {
                    stop(stopping, true);
                    return;
                }
            } else if (s instanceof Stopping stopping) {
                stopping.stopped().join();
                return;
            } else {
                return; // Stopped
            }
        }
    }

    /** In {@code stopping} (set by the caller): tears its run down ({@link CoordinatorRun#stop}), then Stopped. */
    private void stop(Stopping stopping, boolean unregister) {
        try {
            stopping.run().stop(kv, keys, calls, unregister);
        } finally {
            state.set(new Stopped(stopping.run()));
            stopping.stopped().complete(null);
        }
    }

    /** For tests and metrics: the namespace watches ({@code null} before start). */
    NamespaceWatches watch() {
        CoordinatorRun run = state.get().run();
        return run == null ? null : run.watches();
    }
}
