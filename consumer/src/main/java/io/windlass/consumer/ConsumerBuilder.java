package io.windlass.consumer;

import io.windlass.consumer.balance.Balancer;
import io.windlass.consumer.spi.Coordinator;
import io.windlass.consumer.spi.DaemonThreads;
import io.windlass.consumer.time.TaskScheduler;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.ErrorPolicy;
import io.windlass.statemachine.TaskStateMachine;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.handler.HandlerRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * Builds a {@link Consumer}. Required: {@link #nodeId}, {@link #coordinator}, {@link #handlers}. Everything else has a
 * default: {@link io.windlass.consumer.balance.FairBalancer}, {@link ErrorPolicy#metafora()}, the standard state
 * machine, {@link TaskScheduler#system()}, a thread per running handler callback (see {@link #callbackExecutor}),
 * two daemon threads for the event loop, and {@link ConsumerSettings#defaults()}. Not thread-safe; build once.
 */
public final class ConsumerBuilder {
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private String nodeId;
    private Coordinator coordinator;
    private HandlerRegistry registry;
    private Balancer balancer;
    private Executor callbackExecutor;
    private Executor eventLoopExecutor;
    private TaskScheduler scheduler;
    private ErrorPolicy errorPolicy;
    private TaskStateMachine stateMachine;
    private Random random;
    private ConsumerSettings settings = ConsumerSettings.defaults();
    private final List<ConsumerListener> listeners = new ArrayList<>();

    ConsumerBuilder() {
    }

    /** This node's id: unique among live nodes, 1-128 of {@code [A-Za-z0-9._:-]}. */
    public ConsumerBuilder nodeId(String id) {
        this.nodeId = id;
        return this;
    }

    /** The coordinator (bound to a namespace); the consumer starts it and closes it when it terminates. */
    public ConsumerBuilder coordinator(Coordinator c) {
        this.coordinator = Objects.requireNonNull(c, "coordinator");
        return this;
    }

    public ConsumerBuilder handlers(HandlerRegistry r) {
        this.registry = Objects.requireNonNull(r, "handlers");
        return this;
    }

    public ConsumerBuilder balancer(Balancer b) {
        this.balancer = Objects.requireNonNull(b, "balancer");
        return this;
    }

    /**
     * Runs handler callbacks (user code, may block). The consumer does not shut down an executor it was given.
     *
     * <p>Default: every callback starts at once on a thread of its own, however many others are blocked — a
     * Metafora-style handler that loops until {@code ctx.stop()} holds its thread for hours without starving other
     * tasks. On Java 24+ that is a virtual thread per callback; before, an elastic pool of daemon platform threads
     * (a few kept, no upper bound, idle extra threads end after 30 s). Threads therefore follow the callbacks running
     * now, not the number of tasks: sleeping and paused tasks hold none. The price: a burst of short callbacks may
     * briefly start extra threads. An executor with a bounded pool caps threads but makes every callback beyond the
     * bound wait until a running one returns — only pass one if your handlers never block.
     */
    public ConsumerBuilder callbackExecutor(Executor e) {
        this.callbackExecutor = Objects.requireNonNull(e, "callbackExecutor");
        return this;
    }

    /** Runs the task mailboxes and the control loop (short, non-blocking actions). Not shut down by the consumer. */
    public ConsumerBuilder eventLoopExecutor(Executor e) {
        this.eventLoopExecutor = Objects.requireNonNull(e, "eventLoopExecutor");
        return this;
    }

    /** The clock and timers (virtual in tests). */
    public ConsumerBuilder scheduler(TaskScheduler s) {
        this.scheduler = Objects.requireNonNull(s, "scheduler");
        return this;
    }

    /** The policy of the default {@code onFault} and of tasks that cannot run here. Default: metafora. */
    public ConsumerBuilder errorPolicy(ErrorPolicy p) {
        this.errorPolicy = Objects.requireNonNull(p, "errorPolicy");
        return this;
    }

    public ConsumerBuilder stateMachine(TaskStateMachine m) {
        this.stateMachine = Objects.requireNonNull(m, "stateMachine");
        return this;
    }

    /** The source of the balance jitter (pass a seeded one for reproducible tests). */
    public ConsumerBuilder random(Random r) {
        this.random = Objects.requireNonNull(r, "random");
        return this;
    }

    /** Replaces every timing setting; the single-setting methods below change the current ones (call them after). */
    public ConsumerBuilder settings(ConsumerSettings s) {
        this.settings = Objects.requireNonNull(s, "settings");
        return this;
    }

    public ConsumerBuilder balanceInterval(Duration interval, Duration jitter) {
        ConsumerSettings s = settings;
        settings = new ConsumerSettings(interval, jitter, s.shutdownGrace(), s.releaseBackoff(), s.claimRetry(),
                s.claimDelayPerTask(), s.claimDelayMax(), s.writeRetryMin(), s.writeRetryMax(),
                s.maxClaimsInFlight());
        return this;
    }

    public ConsumerBuilder shutdownGrace(Duration grace) {
        ConsumerSettings s = settings;
        settings = new ConsumerSettings(s.balanceInterval(), s.balanceJitter(), grace, s.releaseBackoff(),
                s.claimRetry(), s.claimDelayPerTask(), s.claimDelayMax(), s.writeRetryMin(), s.writeRetryMax(),
                s.maxClaimsInFlight());
        return this;
    }

    /** How long this node leaves a task it released (command, balancer, stop_task) to others. */
    public ConsumerBuilder releaseBackoff(Duration backoff) {
        ConsumerSettings s = settings;
        settings = new ConsumerSettings(s.balanceInterval(), s.balanceJitter(), s.shutdownGrace(), backoff,
                s.claimRetry(), s.claimDelayPerTask(), s.claimDelayMax(), s.writeRetryMin(), s.writeRetryMax(),
                s.maxClaimsInFlight());
        return this;
    }

    /** How many claims this node has on their way at once (default 64); see {@link ConsumerSettings}. */
    public ConsumerBuilder maxClaimsInFlight(int max) {
        settings = settings.withMaxClaimsInFlight(max);
        return this;
    }

    /** Adds a listener (called on event-loop threads; see {@link ConsumerListener}). */
    public ConsumerBuilder listener(ConsumerListener l) {
        listeners.add(Objects.requireNonNull(l, "listener"));
        return this;
    }

    /** @throws WindlassException INVALID_ARGUMENT when a required part is missing or the node id is invalid */
    public Consumer build() {
        if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "invalid node id '" + nodeId
                    + "': use 1-128 of [A-Za-z0-9._:-], starting with a letter or digit");
        }
        if (coordinator == null || registry == null) {
            throw new WindlassException(ErrorCode.INVALID_ARGUMENT, "consumer " + nodeId + " needs a "
                    + (coordinator == null ? "coordinator" : "handler registry"));
        }
        ExecutorService ownedLoop = null;
        ExecutorService ownedCallbacks = null;
        Executor loop = eventLoopExecutor;
        if (loop == null) {
            ownedLoop = Executors.newFixedThreadPool(2, DaemonThreads.factory("windlass-" + nodeId + "-loop-"));
            loop = ownedLoop;
        }
        Executor callbacks = callbackExecutor;
        if (callbacks == null) {
            ownedCallbacks = CallbackThreads.create(nodeId);
            callbacks = ownedCallbacks;
        }
        TaskScheduler time = scheduler != null ? scheduler : TaskScheduler.system();
        Engine engine = new Engine(nodeId, coordinator, registry,
                stateMachine != null ? stateMachine : TaskStateMachine.standard(),
                errorPolicy != null ? errorPolicy : ErrorPolicy.metafora(),
                time, callbacks, loop, new SafeListener(listeners), settings, new WakeUps(time));
        return new DefaultConsumer(engine, balancer != null ? balancer : Balancer.fair(),
                random != null ? random : new Random(), ownedLoop, ownedCallbacks);
    }
}
