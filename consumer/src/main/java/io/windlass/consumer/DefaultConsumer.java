package io.windlass.consumer;

import io.windlass.consumer.balance.Balancer;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** The {@link Consumer}: the lifecycle guard in front of the control loop ({@link ConsumerCore}). */
final class DefaultConsumer implements Consumer {
    private enum Lifecycle { NEW, STARTED, SHUT_DOWN }

    private final Engine engine;
    private final ConsumerCore core;
    private final ExecutorService ownedLoop;
    private final ExecutorService ownedCallbacks;
    private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.NEW);
    private final CountDownLatch terminated = new CountDownLatch(1);

    /** {@code ownedLoop}/{@code ownedCallbacks}: executors the consumer created (shut down with it), or null. */
    DefaultConsumer(Engine engine, Balancer balancer, Random random, ExecutorService ownedLoop,
                    ExecutorService ownedCallbacks) {
        this.engine = engine;
        this.ownedLoop = ownedLoop;
        this.ownedCallbacks = ownedCallbacks;
        this.core = new ConsumerCore(engine, balancer, random, this::onTerminated);
    }

    @Override
    public String nodeId() {
        return engine.nodeId();
    }

    @Override
    public void start() {
        Lifecycle was = lifecycle.compareAndExchange(Lifecycle.NEW, Lifecycle.STARTED);
        if (was != Lifecycle.NEW) {
            throw new WindlassException(ErrorCode.ILLEGAL_STATE, "consumer " + engine.nodeId()
                    + (was == Lifecycle.STARTED ? " was already started" : " was shut down; build a new one"));
        }
        core.markRunning();
        try {
            engine.coordinator().start(engine.nodeId(), engine.registry().types(), core.coordinatorListener());
        } catch (RuntimeException e) {
            lifecycle.set(Lifecycle.SHUT_DOWN);
            core.shutdownNow();
            throw e;
        }
    }

    @Override
    public void shutdown() {
        if (lifecycle.getAndSet(Lifecycle.SHUT_DOWN) != Lifecycle.SHUT_DOWN) {
            core.shutdown();
        }
    }

    @Override
    public List<String> shutdownNow() {
        lifecycle.set(Lifecycle.SHUT_DOWN);
        List<String> busy = core.busyTasks();
        core.shutdownNow();
        if (ownedCallbacks != null) {
            ownedCallbacks.shutdownNow();
        }
        return busy;
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean isShutdown() {
        return lifecycle.get() == Lifecycle.SHUT_DOWN;
    }

    @Override
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    @Override
    public Set<String> ownedTasks() {
        return core.ownedTasks();
    }

    @Override
    public boolean isFrozen() {
        return core.frozen();
    }

    @Override
    public void addListener(ConsumerListener listener) {
        ((SafeListener) engine.listener()).add(listener);
    }

    @Override
    public Set<String> overdueTasks() {
        return core.overdue();
    }

    /** Called once on the control mailbox when the core has left the cluster. */
    private void onTerminated() {
        if (ownedCallbacks != null) {
            ownedCallbacks.shutdown();
        }
        if (ownedLoop != null) {
            ownedLoop.shutdown();
        }
        terminated.countDown();
    }

    @Override
    public String toString() {
        return "Consumer[" + engine.nodeId() + ", " + lifecycle.get() + (isTerminated() ? ", terminated" : "") + "]";
    }
}
