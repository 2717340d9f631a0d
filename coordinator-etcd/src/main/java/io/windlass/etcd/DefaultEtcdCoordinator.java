package io.windlass.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.options.DeleteOption;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EtcdCoordinator} on jetcd. Threads: one scheduler (timers), one events thread (every listener call), the
 * committer's mailbox, and the lease's own keep-alive thread that nothing else uses ({@link NodeLease}); no call on
 * them blocks on etcd after start (draining updates and re-joins are asynchronous). Claims, releases and state writes go through the group {@link Committer}
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
        this.calls = new EtcdCalls(settings.requestTimeout(), settings.endpoint(), keys.rootString(),
                EtcdClients.identityOf(client), settings.observer());
    }

    @Override
    public void start(String node, CoordinatorListener listener) {
        start(node, Set.of(), listener);
    }

    /** Starts and advertises {@code handlerTypes} in the node's registration (see {@link Values#encodeNode}). */
    @Override
    public void start(String node, Set<String> handlerTypes, CoordinatorListener listener) {
        TaskRecord.requireValidId(node);
        Objects.requireNonNull(listener, "listener");
        Set<String> types = Set.copyOf(Objects.requireNonNull(handlerTypes, "handlerTypes"));
        CoordinatorState before = state.get();
        if (!(before instanceof NotStarted)) {
            throw alreadyStarted();
        }
        CoordinatorRun run = CoordinatorRun.build(client, keys, values, settings, calls, owned, node, types, listener,
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

    /**
     * Grants the lease, registers the node (create-only: NODE_ID_TAKEN naming the holder if another live process has
     * the id), lists the namespace and starts watching after it.
     */
    private void join(CoordinatorRun run) {
        long leaseId = run.lease().grant();
        try {
            calls.await(run.registration().register(leaseId, run.draining().get()), "register node " + run.node());
        } catch (WindlassException e) {
            if (e.code() != ErrorCode.NODE_ID_TAKEN && (run.lease().id() != leaseId || !run.lease().valid())) {
                // the lease was lost while registering (a cold start on a loaded machine): the re-join that began
                // then registers on its fresh lease; this process claims nothing until it did
                LOG.warn("node {}: registering on lease {} failed after it was lost ({}); re-joining",
                        run.node(), Long.toHexString(leaseId), e.getMessage());
            } else {
                run.lease().abandon(leaseId);
                throw e;
            }
        }
        long revision = calls.await(run.reconciler().resync(), "initial list of " + keys.rootString());
        run.watches().start(revision + 1);
    }

    private static WindlassException alreadyStarted() {
        return new WindlassException(ErrorCode.ILLEGAL_STATE, "coordinator already started or closed");
    }

    /** Keep-alive thread: fence every owned task at once, then re-join with a fresh lease (nothing here blocks). */
    private void leaseLost(long lostLease) {
        CoordinatorRun run = serving();
        if (run == null) {
            return;
        }
        run.registration().leaseLost();
        run.events().execute(() -> owned.snapshot().forEach(run.router()::lost));
        run.lease().revokeAsync(lostLease).whenComplete((v, t) -> rejoin());
    }

    /**
     * Grants a new lease and moves this process's registration onto it, all asynchronous (no thread blocks). If
     * another process took the node id meanwhile, this one stays out (no registration, so no claims: see
     * {@link #claim}) and tries again every second; it never overwrites the other's registration.
     */
    private void rejoin() {
        CoordinatorRun run = serving();
        if (run == null) {
            return;
        }
        run.lease().grantAsync().thenCompose(leaseId -> run.registration().register(leaseId, run.draining().get())
                .thenApply(v -> leaseId)
                .whenComplete((v, t) -> {
                    if (t != null) {
                        run.lease().abandon(leaseId);
                    }
                })).whenComplete((leaseId, t) -> {
                    if (t == null) {
                        LOG.info("node {} re-joined {} with lease {}", run.node(), keys.rootString(),
                                Long.toHexString(leaseId));
                        run.events().execute(() -> run.reconciler().resync().whenComplete((rev, e) -> {
                            if (e != null) {
                                run.reconciler().resyncNeeded("re-join");
                            }
                        }));
                        return;
                    }
                    WindlassException e = calls.map(t, "re-join");
                    if (e.code() == ErrorCode.NODE_ID_TAKEN) {
                        LOG.error("node {} cannot re-join: {}; this process claims nothing meanwhile", run.node(),
                                e.getMessage());
                    } else {
                        LOG.warn("node {} could not re-join yet: {}", run.node(), e.getMessage());
                    }
                    try {
                        run.scheduler().schedule(this::rejoin, 1, TimeUnit.SECONDS);
                    } catch (RejectedExecutionException closed) {
                        LOG.debug("node {} closed; no re-join", run.node());
                    }
                });
    }

    @Override
    public CompletableFuture<ClaimResult> claim(String taskId) {
        CoordinatorState s = state.get();
        if (!s.serves()) {
            return CompletableFuture.failedFuture(s.refusal());
        }
        NodeLease lease = s.run().lease();
        boolean valid = lease.valid();
        if (!valid || !s.run().registration().holds(lease.id())) {
            // Retryable, not NotClaimed: nobody else may hold the task, so the caller must try again later.
            return CompletableFuture.failedFuture(new WindlassException(ErrorCode.UNAVAILABLE, "node "
                    + s.run().node() + (valid ? ": not registered now (re-joining)" : ": lease not valid now")
                    + "; claim of " + taskId + " refused, retry later"));
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
        run.draining().set(value); // a re-join registers with it too
        return run.registration().update(run.lease().id(), value)
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
    public boolean isRegistered() {
        CoordinatorState s = state.get();
        return s.serves() && s.run().lease().valid() && s.run().registration().holds(s.run().lease().id());
    }

    @Override
    public boolean isWatchSynced() {
        CoordinatorState s = state.get();
        return s instanceof Running r && r.run().reconciler().synced();
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
            stopping.run().stop(calls, unregister);
        } finally {
            state.set(new Stopped(stopping.run()));
            stopping.stopped().complete(null);
        }
    }

    /** For tests: re-lists the namespace now (as after a compaction). */
    void resyncForTests() {
        CoordinatorRun run = state.get().run();
        if (run != null) {
            run.reconciler().resyncNeeded("test");
        }
    }

    /** For tests: the run's shared scheduler ({@code null} before start). */
    java.util.concurrent.ScheduledExecutorService scheduler() {
        CoordinatorRun run = state.get().run();
        return run == null ? null : run.scheduler();
    }

    /** For tests and metrics: the namespace watches ({@code null} before start). */
    NamespaceWatches watch() {
        CoordinatorRun run = state.get().run();
        return run == null ? null : run.watches();
    }
}
