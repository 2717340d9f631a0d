package io.windlass.consumer;

import io.windlass.consumer.spi.TaskRecord;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.handler.TaskContext;
import io.windlass.statemachine.handler.TaskHandler;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Runs one task's handler callbacks on the callback executor, at most one at a time, each with a fresh
 * {@link RunnerContext} that is invalidated when it returns. The outcome comes back on the task's mailbox; the outcome
 * of a callback that was {@linkplain #abandon abandoned} is dropped. Used from the mailbox, except
 * {@link #thread()}.
 */
final class RunnerCallbacks {
    /** Whether a handler class overrides {@code onEntered}; the default no-op notification is skipped. */
    private static final ClassValue<Boolean> OVERRIDES_ON_ENTERED = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("onEntered", StateCode.class, TaskContext.class).getDeclaringClass()
                        != TaskHandler.class;
            } catch (NoSuchMethodException e) {
                return true;
            }
        }
    };

    private final Engine engine;
    private final Mailbox mailbox;
    private final TaskRecord task;
    private final long fence;
    private final TaskHandler<Object> handler;
    private final Object props;
    private final Consumer<CallbackOutcome> onReturned;
    private final Consumer<CheckpointNow> checkpoints;
    private long seq;
    private RunnerContext<Object> current;
    private volatile Thread thread;

    RunnerCallbacks(Engine engine, Mailbox mailbox, TaskRecord task, long fence, TaskHandler<Object> handler,
                    Object props, Consumer<CallbackOutcome> onReturned, Consumer<CheckpointNow> checkpoints) {
        this.engine = engine;
        this.mailbox = mailbox;
        this.task = task;
        this.fence = fence;
        this.handler = handler;
        this.props = props;
        this.onReturned = onReturned;
        this.checkpoints = checkpoints;
    }

    /** Starts {@code kind} for {@code state}; {@code entered} is the state of an ENTERED notification, else null. */
    void start(CallbackOutcome.Kind kind, TaskState state, StateCode entered) {
        long s = ++seq;
        RunnerContext<Object> ctx = new RunnerContext<>(task.id(), task.type(), props, state, fence, engine.nodeId(),
                new RunnerStopSignal(engine.scheduler()), engine.errorPolicy(), engine.scheduler(), checkpoints);
        current = ctx;
        try {
            engine.callbackExecutor().execute(() -> {
                String callback = kind.callback();
                engine.listener().handlerStarted(task.id(), task.type(), callback);
                long started = System.nanoTime();
                thread = Thread.currentThread();
                CallbackOutcome outcome = CallbackOutcome.invoke(kind, handler, entered, ctx);
                thread = null;
                engine.listener().handlerFinished(task.id(), task.type(), callback,
                        Duration.ofNanos(System.nanoTime() - started), outcome.error() != null);
                mailbox.post(() -> returned(s, outcome));
            });
        } catch (RejectedExecutionException e) {
            CallbackOutcome outcome = new CallbackOutcome(kind, null, e, ctx.invalidate());
            mailbox.post(() -> returned(s, outcome));
        }
    }

    /** Raises the running callback's stop signal ({@code cause} null: a shutdown). */
    void stop(Command cause) {
        if (current != null) {
            current.stopSignal().request(cause);
        }
    }

    /**
     * Stops waiting for the running callback: its stop signal is raised, its context invalidated (later calls throw
     * {@code why}'s code) and its outcome will be dropped.
     */
    void abandon(WindlassException why) {
        seq++;
        if (current != null) {
            current.abandon(why);
            current = null;
        }
    }

    /** True when {@code ctx} is the context of the callback running now. */
    boolean isCurrent(RunnerContext<?> ctx) {
        return ctx != null && ctx == current;
    }

    static boolean overridesOnEntered(TaskHandler<?> handler) {
        return OVERRIDES_ON_ENTERED.get(handler.getClass());
    }

    /** The thread running a callback of this task now, or null (read from any thread). */
    Thread thread() {
        return thread;
    }

    private void returned(long s, CallbackOutcome outcome) {
        if (s != seq || current == null) {
            return;
        }
        current = null;
        onReturned.accept(outcome);
    }
}
