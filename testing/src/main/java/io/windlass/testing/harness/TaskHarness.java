package io.windlass.testing.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.windlass.consumer.Consumer;
import io.windlass.consumer.client.TaskClient;
import io.windlass.consumer.client.TaskView;
import io.windlass.consumer.spi.NodeCommand;
import io.windlass.consumer.spi.NodeInfo;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.Transition;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.codec.WireCodec;
import io.windlass.statemachine.handler.HandlerRegistry;
import io.windlass.statemachine.handler.TaskHandler;
import io.windlass.embedded.InMemoryCluster;
import io.windlass.testing.time.DeterministicExecutor;
import io.windlass.testing.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Unit-test handlers on real consumers, an in-memory cluster and virtual time, on the test thread.
 *
 * <pre>{@code
 * TaskHarness harness = TaskHarness.builder().register("counter", new CounterHandler()).build();
 * harness.submit("t1", "counter", Map.of("limit", 3));
 * harness.advance(Duration.ofDays(31));
 * TaskAssert.assertThat(harness, "t1").isIn(StateCode.COMPLETED);
 * }</pre>
 *
 * <p>One {@link DeterministicExecutor} runs everything (cluster events, the consumers' event loops) on the calling
 * thread; timers fire only when the test moves time ({@link #advance}), each at its own instant. Handler callbacks
 * run on threads of their own that take turns with the test thread (exactly one runs at a time), so both handler
 * styles work and stay reproducible: an event-driven callback returns at once; a Metafora-style {@code onRunnable}
 * that loops on {@code ctx.stop().await(d)} and stores its position with {@code ctx.checkpointNow(data)} waits on
 * virtual time — it gives the turn back while it waits, and runs again when the test moves time past {@code d} or a
 * stop arrives. A callback that blocks on anything else for 30 s of real time fails the test. Every operation that
 * changes something ends with {@link #runUntilIdle()}, so when it returns, all consequences that are due now have
 * happened (a waiting callback is idle until its time comes). Not thread-safe: drive it from the test thread (or
 * from a callback, which has the turn).
 *
 * <p>Nodes start lazily, at the first operation; {@link #register} is possible until then.
 */
public final class TaskHarness implements AutoCloseable {
    private static final int MAX_SETTLE_ROUNDS = 100_000;

    /** A claim of a task by a node, in claim order. */
    public record Claimed(String nodeId, long fence) {
    }

    /** A stored command the owner rejected (illegal in the task's state), with the reason. */
    public record Rejection(String nodeId, TaskCommand command, String reason) {
    }

    private final TaskHarnessBuilder settings;
    private final DeterministicExecutor executor;
    private final VirtualScheduler scheduler;
    private final InMemoryCluster cluster;
    private final TaskClient client;
    private final HarnessRecorder recorder = new HarnessRecorder();
    private final CallbackTurns turns;
    private final HandlerRegistry.Builder handlers = HandlerRegistry.builder();
    private final Map<String, Consumer> consumers = new LinkedHashMap<>();
    private HandlerRegistry registry;

    TaskHarness(TaskHarnessBuilder settings) {
        this.settings = settings;
        this.executor = DeterministicExecutor.create();
        this.scheduler = VirtualScheduler.create(settings.clock(), executor::runAll);
        this.cluster = InMemoryCluster.builder(scheduler, executor).leaseTtl(settings.leaseTtl()).build();
        this.turns = new CallbackTurns(executor);
        this.client = cluster.client();
        settings.handlers().forEach(handlers::register);
    }

    public static TaskHarnessBuilder builder() {
        return new TaskHarnessBuilder();
    }

    /** Registers a handler; only before the nodes started (the first submit, command, advance...). */
    public TaskHarness register(String type, TaskHandler<?> handler) {
        if (registry != null) {
            throw new WindlassException(ErrorCode.ILLEGAL_STATE, "register handlers before the harness starts its"
                    + " nodes (before the first submit, command or advance)");
        }
        handlers.register(type, handler);
        return this;
    }

    /**
     * Submits a task like a client would: {@code props} (a JsonNode, or any object Jackson can convert, e.g. a
     * record or a Map; null for none) are validated by the handler registry first. Then runs until idle.
     */
    public TaskRecord submit(String id, String type, Object props) {
        start();
        JsonNode json = props == null ? null
                : props instanceof JsonNode node ? node : WireCodec.standard().toTree(props);
        registry.decodeProps(type, json);
        TaskRecord record = client.submit(id, type, json);
        runUntilIdle();
        return record;
    }

    /** Submits a task without props (the handler's props type decides whether that is valid). */
    public TaskRecord submit(String id, String type) {
        return submit(id, type, null);
    }

    /** Sends a command to a task (checked against its current state, like the real client), then runs until idle. */
    public String command(String id, Command command) {
        start();
        String commandId = client.command(id, command);
        runUntilIdle();
        return commandId;
    }

    /** Moves virtual time forward, firing every timer on the way at its own instant; returns the new time. */
    public Instant advance(Duration amount) {
        start();
        runUntilIdle();
        Instant now = scheduler.advance(amount);
        runUntilIdle();
        return now;
    }

    public Instant advanceTo(Instant instant) {
        return advance(Duration.between(now(), instant));
    }

    /** Runs all queued work and due timers until nothing is left to do now (time does not move). */
    public TaskHarness runUntilIdle() {
        start();
        for (int i = 0; i < MAX_SETTLE_ROUNDS; i++) {
            executor.runAll();
            if (scheduler.runDue() == 0 && executor.isIdle()) {
                return this;
            }
        }
        throw new WindlassException(ErrorCode.ILLEGAL_STATE, "the harness never settles (work re-queues itself)");
    }

    /**
     * Runs the queued work (coordinator events, mailboxes, callbacks) without firing timers. A handler may call it
     * from inside its callback to let commands sent meanwhile (through {@link #client()}) reach the task while the
     * callback still runs, e.g. to test that a Pause raises the stop signal; on the single test thread this is how
     * concurrency is simulated.
     */
    public TaskHarness deliverEvents() {
        executor.runAll();
        return this;
    }

    /**
     * From inside a handler callback: blocks the callback's thread for {@code amount} of virtual time, whatever its
     * stop signal says — how a test plays a handler that does not honour stop (stuck in a slow call, say). The thread
     * gives its turn back meanwhile, like in {@code ctx.stop().await}. The harness's {@link #close()} interrupts it.
     *
     * @throws WindlassException ILLEGAL_STATE when not called on a callback's thread
     * @throws InterruptedException when the harness is closed meanwhile
     */
    public void blockFor(Duration amount) throws InterruptedException {
        turns.block(scheduler, amount);
    }

    public Instant now() {
        return scheduler.clock().instant();
    }

    /** The stored state of a task; TASK_NOT_FOUND if there is none. */
    public TaskState state(String id) {
        return view(id).map(v -> v.state() == null ? null : v.state().state())
                .orElseThrow(() -> new WindlassException(ErrorCode.TASK_NOT_FOUND, "task " + id + " does not exist"));
    }

    /** Everything the cluster knows about a task (state, owner, pending commands), if it exists. */
    public Optional<TaskView> view(String id) {
        start();
        return client.get(id);
    }

    /** The task's stored transitions (on every node), in order, each with its time and version. */
    public List<Transition> history(String id) {
        return recorder.transitions(id);
    }

    /** The task's rejected commands, in order. */
    public List<Rejection> rejections(String id) {
        return recorder.rejections(id);
    }

    /** Which nodes claimed the task, in order. */
    public List<Claimed> claims(String id) {
        return recorder.claims(id);
    }

    /** AssertJ assertions on a snapshot of the task taken now. */
    public TaskAssert assertTask(String id) {
        return TaskAssert.assertThat(this, id);
    }

    /** The node that currently owns the task, if any. */
    public Optional<String> owner(String id) {
        return view(id).map(TaskView::owner);
    }

    /** The live nodes with their claim counts. */
    public List<NodeInfo> nodes() {
        start();
        return client.nodes();
    }

    /** The consumer of node {@code nodeId} (started by the harness). */
    public Consumer consumer(String nodeId) {
        start();
        Consumer c = consumers.get(nodeId);
        if (c == null) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "no node '" + nodeId + "' in this harness; nodes: "
                    + consumers.keySet());
        }
        return c;
    }

    /** Starts another consumer node (a node joining the cluster), then runs until idle. */
    public Consumer startNode(String nodeId) {
        start();
        Consumer c = newConsumer(nodeId);
        runUntilIdle();
        return c;
    }

    /**
     * Crashes a node: it stops at once and gets no more events; its claims expire after the lease TTL (advance time
     * to see its tasks move).
     */
    public TaskHarness killNode(String nodeId) {
        Consumer c = consumer(nodeId);
        cluster.killNode(nodeId);
        c.shutdownNow();
        return runUntilIdle();
    }

    /** Gracefully shuts a node down (stop, persist, release, leave), then runs until idle. */
    public TaskHarness shutdownNode(String nodeId) {
        consumer(nodeId).shutdown();
        return runUntilIdle();
    }

    /** Sends a node command ({@code freeze}, {@code unfreeze}, {@code balance}, {@code stop_task}), runs until idle. */
    public TaskHarness nodeCommand(String nodeId, String kind, String taskId) {
        start();
        client.nodeCommand(nodeId, kind, taskId);
        return runUntilIdle();
    }

    public TaskHarness freeze(String nodeId) {
        return nodeCommand(nodeId, NodeCommand.FREEZE, null);
    }

    public TaskHarness unfreeze(String nodeId) {
        return nodeCommand(nodeId, NodeCommand.UNFREEZE, null);
    }

    /** Runs the node's balancer now (the {@code balance} node command). */
    public TaskHarness balance(String nodeId) {
        return nodeCommand(nodeId, NodeCommand.BALANCE, null);
    }

    /** Deletes the task's claim as if its owner's lease expired (the owner is told claimLost). */
    public TaskHarness expireClaim(String id) {
        start();
        cluster.expireClaim(id);
        return runUntilIdle();
    }

    /** Tasks a node's graceful shutdown reported as not stopped within the grace period. */
    public List<String> overdue(String nodeId) {
        return recorder.overdue(nodeId);
    }

    public InMemoryCluster cluster() {
        return cluster;
    }

    public TaskClient client() {
        return client;
    }

    public VirtualScheduler scheduler() {
        return scheduler;
    }

    /**
     * Stops every node at once (no grace): their callbacks see the stop signal and may end; a callback that still
     * waits afterwards (it ignores the stop) is interrupted.
     */
    @Override
    public void close() {
        consumers.values().forEach(Consumer::shutdownNow);
        try {
            executor.runAll();
        } finally {
            turns.close();
        }
    }

    private void start() {
        if (registry != null) {
            return;
        }
        registry = handlers.build();
        for (String nodeId : settings.nodeIds()) {
            newConsumer(nodeId);
        }
        runUntilIdle();
    }

    private Consumer newConsumer(String nodeId) {
        Objects.requireNonNull(nodeId, "nodeId");
        if (consumers.containsKey(nodeId) && !consumers.get(nodeId).isTerminated()) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "node '" + nodeId + "' is running already");
        }
        Consumer c = settings.configure(Consumer.builder(), nodeId)
                .coordinator(settings.decorate(cluster.coordinator()))
                .handlers(registry)
                .scheduler(turns.scheduler(scheduler))
                .eventLoopExecutor(executor)
                .callbackExecutor(turns.callbacks())
                .listener(recorder.listenerFor(nodeId))
                .build();
        consumers.put(nodeId, c);
        c.start();
        return c;
    }
}
