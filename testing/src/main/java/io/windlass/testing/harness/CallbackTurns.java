package io.windlass.testing.harness;

import io.windlass.consumer.time.TaskScheduler;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Handler callbacks of a {@link TaskHarness} on threads of their own that take turns with the test thread, so a
 * handler may block the Metafora way ({@code ctx.stop().await(...)}, {@code ctx.checkpointNow(...)}) on virtual time
 * while every run stays deterministic: exactly one thread runs at a time.
 *
 * <p>A callback is queued on the harness's executor like any other work. When its turn comes, the thread running the
 * executor (the test thread, or a callback inside {@code deliverEvents}) hands the turn to the callback's thread and
 * waits until that thread returns from the callback or waits on a {@linkplain #scheduler latch} of the consumers'
 * scheduler (the stop signal, a {@code checkpointNow} result). Opening the latch, or virtual time reaching its
 * deadline, queues the callback's next turn on the executor, in order with all other work. A callback that blocks on
 * anything else for {@link #STUCK_AFTER} of real time fails the test with its thread's stack.
 */
final class CallbackTurns {
    /** Real time a callback may run (or block outside the harness's latches) before the test fails. */
    static final Duration STUCK_AFTER = Duration.ofSeconds(30);

    private static final ThreadLocal<Turn> CURRENT = new ThreadLocal<>();

    private final Executor loop;
    private final ExecutorService threads;
    private final Set<Turn> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    CallbackTurns(Executor loop) {
        this.loop = loop;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "harness-handler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The callback executor for the consumers: each callback queued on the loop, then run in turns. */
    Executor callbacks() {
        return body -> loop.execute(() -> begin(body));
    }

    /** {@code virtual} whose latches let a waiting callback's thread give its turn back. */
    TaskScheduler scheduler(TaskScheduler virtual) {
        return new TaskScheduler() {
            @Override
            public Clock clock() {
                return virtual.clock();
            }

            @Override
            public Timer schedule(Instant at, Runnable action) {
                return virtual.schedule(at, action);
            }

            @Override
            public Latch newLatch() {
                return new TurnLatch(virtual);
            }
        };
    }

    /**
     * Blocks the calling callback's thread for {@code amount} of {@code virtual} time, giving the turn back meanwhile
     * (nothing but time ends the wait).
     *
     * @throws WindlassException ILLEGAL_STATE when not called on a callback's thread
     */
    void block(TaskScheduler virtual, Duration amount) throws InterruptedException {
        new TurnLatch(virtual).await(virtual.now().plus(amount));
    }

    /** Ends the turns: callbacks still waiting get an InterruptedException and run on without turns. */
    void close() {
        closed = true;
        live.forEach(t -> t.thread.interrupt());
        threads.shutdown();
    }

    private void begin(Runnable body) {
        Turn turn = new Turn();
        live.add(turn);
        threads.execute(() -> {
            turn.thread = Thread.currentThread();
            CURRENT.set(turn);
            try {
                turn.awaitTurn();
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                CURRENT.remove();
                live.remove(turn);
                turn.finish();
            }
        });
        run(turn);
    }

    /** Gives {@code turn} the run and waits until its thread parks again or finishes. */
    private void run(Turn turn) {
        synchronized (turn) {
            if (turn.state != State.PARKED) {
                return; // finished, or it is the caller itself
            }
            turn.state = State.RUNNING;
            turn.notifyAll();
            long deadline = System.nanoTime() + STUCK_AFTER.toNanos();
            while (turn.state == State.RUNNING) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw stuck(turn);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(turn, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new WindlassException(ErrorCode.INTERRUPTED, "interrupted while a handler callback ran");
                }
            }
        }
    }

    private static WindlassException stuck(Turn turn) {
        Thread t = turn.thread;
        WindlassException e = new WindlassException(ErrorCode.ILLEGAL_STATE, "a handler callback on " + (t == null
                ? "a thread that never started" : t.getName()) + " ran or blocked for " + STUCK_AFTER + " of real"
                + " time without waiting on the harness: in TaskHarness a handler may block only in"
                + " ctx.stop().await(...) or ctx.checkpointNow(...), which wait on virtual time; its stack is attached");
        if (t != null) {
            Throwable where = new Throwable("stack of " + t.getName());
            where.setStackTrace(Arrays.copyOf(t.getStackTrace(), t.getStackTrace().length));
            e.addSuppressed(where);
        }
        return e;
    }

    private enum State { PARKED, RUNNING, DONE }

    /** One callback's thread and whose turn it is. Guarded by its own monitor. */
    private final class Turn {
        private volatile Thread thread;
        private State state = State.PARKED;

        /** On the callback's thread: gives the turn back until {@code ready} holds when its turn comes again. */
        synchronized void park(BooleanSupplier ready) throws InterruptedException {
            while (!ready.getAsBoolean()) {
                state = State.PARKED;
                notifyAll();
                awaitTurn();
            }
        }

        /** On the callback's thread: waits until {@link #run} gives it the turn. */
        synchronized void awaitTurn() throws InterruptedException {
            while (state == State.PARKED) {
                if (closed) {
                    throw new InterruptedException("the TaskHarness was closed");
                }
                wait();
            }
        }

        synchronized void finish() {
            state = State.DONE;
            notifyAll();
        }

        /** Queues this turn's next run (any thread; a stale one finds the thread parked on something else: no-op). */
        void wake() {
            loop.execute(() -> run(this));
        }
    }

    /**
     * The latch of a callback in turns: {@link #await} gives the turn back until the latch opens or virtual time
     * reaches the deadline; both queue the next turn.
     */
    private final class TurnLatch implements TaskScheduler.Latch {
        private final TaskScheduler virtual;
        private boolean open;
        private Turn waiter;

        TurnLatch(TaskScheduler virtual) {
            this.virtual = virtual;
        }

        @Override
        public void open() {
            Turn w;
            synchronized (this) {
                if (open) {
                    return;
                }
                open = true;
                w = waiter;
            }
            if (w != null) {
                w.wake();
            }
        }

        @Override
        public synchronized boolean isOpen() {
            return open;
        }

        @Override
        public boolean await(Instant deadline) throws InterruptedException {
            synchronized (this) {
                if (open || !deadline.isAfter(virtual.now())) {
                    return open;
                }
            }
            Turn turn = CURRENT.get();
            if (turn == null || closed) {
                throw new WindlassException(ErrorCode.ILLEGAL_STATE, "in TaskHarness only a handler callback's own"
                        + " thread waits for virtual time (" + Thread.currentThread().getName() + " is not one, or"
                        + " the harness is closed)");
            }
            boolean[] due = {false};
            synchronized (this) {
                waiter = turn;
            }
            TaskScheduler.Timer timer = virtual.schedule(deadline, () -> {
                synchronized (this) {
                    due[0] = true;
                }
                turn.wake();
            });
            try {
                turn.park(() -> {
                    synchronized (this) {
                        return open || due[0];
                    }
                });
                return isOpen();
            } finally {
                timer.cancel();
                synchronized (this) {
                    waiter = null;
                }
            }
        }
    }
}
