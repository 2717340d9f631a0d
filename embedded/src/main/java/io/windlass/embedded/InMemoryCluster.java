package io.windlass.embedded;

import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.spi.Coordinator;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.consumer.time.TaskScheduler;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * One shared in-memory store for a namespace, with the etcd coordinator's semantics: tasks and their states (every
 * change takes the next store revision), claims whose fence is the revision at claim time (strictly increasing),
 * fenced writes guarded on fence and state revision, ordered per-task commands, finished ids that are never reused,
 * a node registry with claim counts, and node commands.
 *
 * <p>Each consumer node gets its own {@link #coordinator()}; tools and tests use {@link #client()}. Listener events
 * and coordinator results are delivered through the {@code eventExecutor} given at creation (never while the store
 * lock is held): pass a {@link io.windlass.testing.time.DeterministicExecutor} for deterministic tests, or a
 * single-thread executor in an application. Events arrive in store order only if that executor is FIFO. Coordinator
 * futures complete on that executor too, never inside the call: do not block on one from the executor's own thread
 * (with a {@code DeterministicExecutor}, run it before reading a result).
 *
 * <p>Lease expiry happens on the {@code scheduler}'s clock: a {@linkplain #killNode crashed} node's claims expire
 * {@linkplain Builder#leaseTtl lease TTL} after the crash. Other test hooks: {@link #expireClaim},
 * {@link #partitionNode}/{@link #healNode}, {@link #corruptState}/{@link #corruptTask}. Thread-safe.
 */
public final class InMemoryCluster {
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(10);
    /** Limit on a command's encoded size; larger commands are refused with PAYLOAD_TOO_LARGE. */
    public static final int MAX_COMMAND_BYTES = 16 * 1024;
    /** Versions kept per task by {@link #history} unless configured otherwise. */
    public static final int DEFAULT_HISTORY_LIMIT = 1000;

    private final Store store;
    private final Faults faults;

    private InMemoryCluster(Store store) {
        this.store = store;
        this.faults = new Faults(store);
    }

    /** A cluster for namespace "default" with the default lease TTL. */
    public static InMemoryCluster create(TaskScheduler scheduler, Executor eventExecutor) {
        return builder(scheduler, eventExecutor).build();
    }

    public static Builder builder(TaskScheduler scheduler, Executor eventExecutor) {
        return new Builder(scheduler, eventExecutor);
    }

    /** A new, unstarted coordinator: one per consumer node ({@code start(nodeId, listener)} registers the node). */
    public Coordinator coordinator() {
        return new InMemoryCoordinator(store);
    }

    /** A client of this cluster (synchronous; commands are checked with the standard state machine). */
    public TaskClient client() {
        return new InMemoryTaskClient(store);
    }

    public String namespace() {
        return store.namespace;
    }

    public Duration leaseTtl() {
        return store.leaseTtl;
    }

    public TaskScheduler scheduler() {
        return store.scheduler;
    }

    /** The current store revision (increases with every change). */
    public long revision() {
        return store.revision();
    }

    /**
     * Every stored version of the task's state, oldest first (empty for an unknown or deleted task); at most the
     * {@linkplain Builder#historyLimit history limit} newest versions.
     */
    public List<StoredVersion> history(String taskId) {
        Objects.requireNonNull(taskId, "taskId");
        return store.tx(events -> {
            var versions = store.history.get(taskId);
            return versions == null ? List.<StoredVersion>of() : List.copyOf(versions);
        });
    }

    /**
     * Simulates a crash of {@code nodeId}: from now on it gets no events and its calls fail with UNAVAILABLE. After
     * the lease TTL (on the scheduler's clock) its registration and claims expire — without a claimLost to the dead
     * node — and its tasks are offered to the other nodes.
     *
     * @throws WindlassException INVALID_ARGUMENT when no such live (or cut-off) node is registered
     */
    public void killNode(String nodeId) {
        faults.kill(nodeId);
    }

    /**
     * Simulates a network partition of {@code nodeId}: it gets no events and its calls fail with UNAVAILABLE. Unless
     * healed within the lease TTL, its lease expires: its claims go to other nodes and its own coordinator reports
     * claimLost for each (its local lease deadline passed).
     */
    public void partitionNode(String nodeId) {
        faults.partition(nodeId);
    }

    /**
     * Ends a partition. Within the TTL the node keeps its claims and is sent what it missed (offers, pending
     * commands of its tasks, its node commands); after it, the node registers again (with no claims).
     */
    public void healNode(String nodeId) {
        faults.heal(nodeId);
    }

    /**
     * Simulates a lease expiry under a live owner: deletes the task's claim, tells the owner claimLost and offers the
     * task to every live node.
     *
     * @return false when the task was not claimed
     */
    public boolean expireClaim(String taskId) {
        return faults.expireClaim(taskId);
    }

    /**
     * Replaces the stored state of an existing task with undecodable bytes: clients show the task with a
     * {@link io.windlass.consumer.client.TaskView.Quarantine}, coordinators refuse to claim it, and its owner's next
     * write fails (the state moved).
     *
     * @throws WindlassException TASK_NOT_FOUND for an unknown task
     */
    public void corruptState(String taskId, byte[] raw) {
        faults.corruptState(taskId, raw);
    }

    /** Replaces (or creates) the task record {@code tasks/<taskId>} with undecodable bytes; see {@link #corruptState}. */
    public void corruptTask(String taskId, byte[] raw) {
        faults.corruptTask(TaskRecord.requireValidId(taskId), raw);
    }

    @Override
    public String toString() {
        return "InMemoryCluster[" + store.namespace + ", revision " + store.revision() + "]";
    }

    /** Settings of a cluster. */
    public static final class Builder {
        private final TaskScheduler scheduler;
        private final Executor eventExecutor;
        private String namespace = "default";
        private Duration leaseTtl = DEFAULT_LEASE_TTL;
        private int historyLimit = DEFAULT_HISTORY_LIMIT;

        private Builder(TaskScheduler scheduler, Executor eventExecutor) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            this.eventExecutor = Objects.requireNonNull(eventExecutor, "eventExecutor");
        }

        /** The namespace name, shown in quarantine keys ({@code /<ns>/state/<id>}). Default "default". */
        public Builder namespace(String namespace) {
            if (namespace == null || namespace.isBlank() || namespace.contains("/")) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "invalid namespace '" + namespace + "'");
            }
            this.namespace = namespace;
            return this;
        }

        /** How long a crashed or cut-off node's claims survive it. Default 10 s. */
        public Builder leaseTtl(Duration leaseTtl) {
            Objects.requireNonNull(leaseTtl, "leaseTtl");
            if (leaseTtl.isNegative() || leaseTtl.isZero()) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "leaseTtl must be > 0, was " + leaseTtl);
            }
            this.leaseTtl = leaseTtl;
            return this;
        }

        /** How many versions {@link #history} keeps per task (oldest dropped first). Default 1000. */
        public Builder historyLimit(int historyLimit) {
            if (historyLimit < 1) {
                throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "historyLimit must be >= 1, was " + historyLimit);
            }
            this.historyLimit = historyLimit;
            return this;
        }

        public InMemoryCluster build() {
            return new InMemoryCluster(new Store(namespace, scheduler, eventExecutor, leaseTtl, historyLimit));
        }
    }
}
