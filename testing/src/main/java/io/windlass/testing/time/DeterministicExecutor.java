package io.windlass.testing.time;

import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * An {@link Executor} that only queues: the test runs the queued work on its own thread with {@link #runAll()} or
 * {@link #runOne()}, in submission order (FIFO), so runs are reproducible. {@code execute} is thread-safe and may be
 * called from inside a running task (the new task runs later in the same {@code runAll}).
 *
 * <p>An exception thrown by a task propagates out of {@code runOne}/{@code runAll} (the task is consumed; the rest
 * stay queued), so a bug fails the test instead of vanishing.
 */
public final class DeterministicExecutor implements Executor {
    /** {@link #runAll()} gives up after this many tasks in one call: the work never settles (a livelock). */
    public static final int DEFAULT_MAX_TASKS_PER_RUN = 1_000_000;

    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private final int maxTasksPerRun;
    private long executed;

    private DeterministicExecutor(int maxTasksPerRun) {
        if (maxTasksPerRun < 1) {
            throw new IllegalArgumentException("maxTasksPerRun must be >= 1, was " + maxTasksPerRun);
        }
        this.maxTasksPerRun = maxTasksPerRun;
    }

    public static DeterministicExecutor create() {
        return new DeterministicExecutor(DEFAULT_MAX_TASKS_PER_RUN);
    }

    /** @param maxTasksPerRun how many tasks one {@link #runAll()} may run before it reports a livelock */
    public static DeterministicExecutor create(int maxTasksPerRun) {
        return new DeterministicExecutor(maxTasksPerRun);
    }

    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        synchronized (queue) {
            queue.addLast(command);
        }
    }

    /**
     * Runs the oldest queued task on the calling thread.
     *
     * @return false when the queue was empty
     */
    public boolean runOne() {
        Runnable next;
        synchronized (queue) {
            next = queue.pollFirst();
            if (next == null) {
                return false;
            }
            executed++;
        }
        next.run();
        return true;
    }

    /**
     * Runs queued tasks, including those they queue, until the queue is empty.
     *
     * @return how many tasks ran
     * @throws WindlassException ILLEGAL_STATE when more than the configured maximum ran (the work never settles)
     */
    public int runAll() {
        int ran = 0;
        while (runOne()) {
            ran++;
            if (ran >= maxTasksPerRun && !isIdle()) {
                throw new WindlassException(ErrorCode.ILLEGAL_STATE,
                        "executor not idle after " + ran + " tasks: the work keeps re-queueing itself");
            }
        }
        return ran;
    }

    /** True when nothing is queued. */
    public boolean isIdle() {
        synchronized (queue) {
            return queue.isEmpty();
        }
    }

    /** How many tasks are queued. */
    public int queued() {
        synchronized (queue) {
            return queue.size();
        }
    }

    /** How many tasks ran since creation. */
    public long executed() {
        synchronized (queue) {
            return executed;
        }
    }
}
