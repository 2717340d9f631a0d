package io.windlass.testing.harness;

import io.windlass.consumer.time.TaskScheduler;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.WindlassException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executor;

/**
 * Keeps a harness from hanging: handler callbacks run on the test thread, so a callback that waits for virtual time
 * ({@code ctx.stop().await(...)}) would wait forever. The guard marks callback work on the shared executor and makes
 * the consumers' scheduler refuse timers asked for from inside a callback, with an error naming the cause (recorded
 * on the task like any handler exception).
 */
final class CallbackGuard {
    private final ThreadLocal<Boolean> inCallback = ThreadLocal.withInitial(() -> false);

    /** {@code executor} for handler callbacks (marked). */
    Executor callbacks(Executor executor) {
        return r -> executor.execute(() -> run(true, r));
    }

    /** {@code executor} for the event loops (unmarked, also when run nested inside a callback). */
    Executor loops(Executor executor) {
        return r -> executor.execute(() -> run(false, r));
    }

    /** {@code scheduler} refusing timers from inside a callback. */
    TaskScheduler scheduler(TaskScheduler scheduler) {
        return new TaskScheduler() {
            @Override
            public Clock clock() {
                return scheduler.clock();
            }

            @Override
            public Timer schedule(Instant at, Runnable action) {
                if (inCallback.get()) {
                    throw new WindlassException(ErrorCode.ILLEGAL_STATE, "a handler waited for virtual time inside"
                            + " its callback (e.g. ctx.stop().await): in TaskHarness callbacks run on the test thread,"
                            + " which alone moves time; return Command.sleepUntil(...) instead of waiting");
                }
                return scheduler.schedule(at, action);
            }
        };
    }

    private void run(boolean callback, Runnable r) {
        boolean was = inCallback.get();
        inCallback.set(callback);
        try {
            r.run();
        } finally {
            inCallback.set(was);
        }
    }
}
