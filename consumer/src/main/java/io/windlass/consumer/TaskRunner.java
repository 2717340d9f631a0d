package io.windlass.consumer;

import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.consumer.time.TaskScheduler;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.CommandKind;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.ErrorPolicy;
import io.windlass.statemachine.Outcome;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.Transition;
import io.windlass.statemachine.handler.TaskHandler;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns ONE claimed task: a mailbox whose events (claimed, command arrived, timer fired, callback returned, write
 * completed, claim lost, stop requested) are processed one at a time on the event-loop executor. Only this runner
 * touches the task's state, so it needs no locks. Each step: apply a command (a handler result first, then queued
 * commands in arrival order, then what the state asks for) → one fenced write → continue when it is stored.
 *
 * <p>A Sleeping or Paused task holds no thread: sleeping is a timer on the scheduler. Commands arriving during a
 * callback stop it cooperatively (Pause, Kill, Release, Sleep) and are applied after its result. The public-ish
 * methods ({@link #start}, {@link #commandArrived}, ...) may be called from any thread: they post to the mailbox.
 */
final class TaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
    private static final int RECENT = 5;

    enum EndReason { FINISHED, RELEASED, CLAIM_LOST, WRITE_FAILED, ABANDONED }

    /** Sent to the consumer's control loop when the runner has ended. */
    record End(TaskRunner runner, EndReason reason, String detail) {
    }

    private enum Phase { IDLE, CALLBACK, WRITING, ENDED }

    private final Engine engine;
    private final Mailbox mailbox;
    private final TaskRecord task;
    private final long fence;
    private final TaskHandler<Object> handler;
    private final Object props;
    private final TaskError setupProblem;
    private final Instant claimedAt;
    private final Consumer<End> onEnd;
    private final RunnerWrites writes;

    private TaskState state;
    private long revision;
    private final Deque<Transition> recent = new ArrayDeque<>();
    private final PendingCommands commands = new PendingCommands();
    private Phase phase = Phase.IDLE;
    private long callbackSeq;
    private RunnerContext<Object> callbackContext;
    private CallbackOutcome returned;
    private boolean endAfterCallback;
    private long timerSeq;
    private TaskScheduler.Timer sleepTimer;
    private Instant sleepTimerAt;
    private String stopReason;
    private volatile boolean callbackRunning;

    /**
     * @param handler      the task's handler, or null when it cannot run ({@code setupProblem} says why)
     * @param setupProblem why the task cannot run here (unknown type, undecodable props), or null
     */
    TaskRunner(Engine engine, Claim claim, TaskHandler<Object> handler, Object props, TaskError setupProblem,
               Consumer<End> onEnd) {
        this.engine = engine;
        this.task = claim.task();
        this.fence = claim.fence();
        this.handler = handler;
        this.props = props;
        this.setupProblem = setupProblem;
        this.claimedAt = engine.now();
        this.onEnd = onEnd;
        this.state = claim.state().state();
        this.revision = claim.state().revision();
        this.mailbox = new Mailbox("task " + task.id(), engine.loopExecutor());
        this.writes = new RunnerWrites(engine, mailbox, task.id(), fence, this::committed, this::writeEnded);
    }

    // ---- thread-safe entry points (post to the mailbox) ----

    void start(List<TaskCommand> pending) {
        mailbox.post(() -> {
            engine.listener().taskClaimed(task.id(), fence);
            pending.forEach(commands::offer);
            pump();
        });
    }

    void commandArrived(TaskCommand command) {
        mailbox.post(() -> onCommand(command));
    }

    void claimLost(long lostFence) {
        mailbox.post(() -> {
            if (lostFence == fence) {
                end(EndReason.CLAIM_LOST, "the coordinator reported the claim (fence " + fence + ") lost");
            }
        });
    }

    /** Stop here and release the claim once the running step (if any) is stored. {@code cause} null = shutdown. */
    void requestRelease(String reason, Command cause) {
        mailbox.post(() -> {
            if (phase == Phase.ENDED || stopReason != null) {
                return;
            }
            stopReason = reason;
            if (phase == Phase.CALLBACK) {
                callbackContext.stopSignal().request(cause);
            }
            pump();
        });
    }

    /** Stop at once without writing (shutdown grace over, shutdownNow); the claim is dropped by the coordinator. */
    void abandon(String reason) {
        mailbox.post(() -> end(EndReason.ABANDONED, reason));
    }

    String taskId() {
        return task.id();
    }

    TaskRecord task() {
        return task;
    }

    Instant claimedAt() {
        return claimedAt;
    }

    /** True while a handler callback of this task runs (read from any thread). */
    boolean callbackRunning() {
        return callbackRunning;
    }

    // ---- events (on the mailbox) ----

    private void onCommand(TaskCommand command) {
        if (phase == Phase.ENDED) {
            return;
        }
        if (!commands.offer(command)) {
            LOG.debug("task {}: command {} delivered again; applied once", task.id(), command.id());
            return;
        }
        if (phase == Phase.CALLBACK && stopsStep(command.command().kind())) {
            callbackContext.stopSignal().request(command.command());
        }
        pump();
    }

    private static boolean stopsStep(CommandKind kind) {
        return kind == CommandKind.PAUSE || kind == CommandKind.KILL || kind == CommandKind.RELEASE
                || kind == CommandKind.SLEEP;
    }

    private void onCallbackReturned(long seq, CallbackOutcome outcome) {
        if (phase != Phase.CALLBACK || seq != callbackSeq) {
            return;
        }
        callbackContext = null;
        phase = Phase.IDLE;
        if (outcome.kind() == CallbackOutcome.Kind.ENTERED) {
            if (outcome.error() != null) {
                LOG.warn("task {}: onEntered({}) threw; ignored", task.id(), state.code(), outcome.error());
            }
            if (endAfterCallback) {
                end(EndReason.FINISHED, "finished in " + state.code());
                return;
            }
        } else {
            returned = outcome;
        }
        pump();
    }

    private void onTimer(long seq) {
        if (phase == Phase.ENDED || seq != timerSeq) {
            return;
        }
        sleepTimer = null;
        sleepTimerAt = null;
        pump();
    }

    // ---- the step loop ----

    private void pump() {
        if (phase != Phase.IDLE) {
            return;
        }
        try {
            step();
        } catch (RuntimeException e) {
            LOG.error("task {}: unexpected failure in the runner; releasing the task", task.id(), e);
            writes.releaseQuietly();
            end(EndReason.ABANDONED, "runner failure: " + e);
        }
    }

    private void step() {
        if (returned != null) {
            CallbackOutcome outcome = returned;
            returned = null;
            applyOutcome(outcome);
        } else if (stopReason != null) {
            cancelSleepTimer();
            phase = Phase.WRITING;
            writes.release();
        } else if (!commands.isEmpty()) {
            applyCommand(commands.poll());
        } else {
            stepState();
        }
    }

    private void stepState() {
        Instant now = engine.now();
        switch (state.code()) {
            case RUNNABLE -> {
                cancelSleepTimer();
                if (setupProblem != null) {
                    applyInternal(state, new Command.Error(new TaskError(now, setupProblem.message(),
                            setupProblem.type())));
                } else {
                    startCallback(CallbackOutcome.Kind.RUNNABLE, null);
                }
            }
            case FAULT -> {
                cancelSleepTimer();
                if (handler == null) {
                    ErrorPolicy.Decision d = engine.errorPolicy().decide(state.errors(), now);
                    applyInternal(withKeptErrors(state, d.keptErrors()), d.next());
                } else {
                    startCallback(CallbackOutcome.Kind.FAULT, null);
                }
            }
            case SLEEPING -> {
                if (now.isBefore(state.until())) {
                    armSleepTimer(state.until());
                } else {
                    cancelSleepTimer();
                    applyInternal(state, Command.run());
                }
            }
            case PAUSED -> cancelSleepTimer();
            default -> {
                LOG.info("task {}: claimed in terminal state {}; storing it as finished", task.id(), state.code());
                write(new StateWrite(task.id(), fence, revision, state, rejectAll(state), false, true), null);
            }
        }
    }

    private void applyCommand(TaskCommand command) {
        Outcome outcome = apply(state, command.command());
        if (outcome instanceof Outcome.Rejected rejected) {
            LOG.warn("task {}: command {} ({}) rejected: {}", task.id(), command.id(), command.command().kind(),
                    rejected.reason());
            engine.listener().commandRejected(task.id(), command, rejected.reason());
            write(new StateWrite(task.id(), fence, revision, state, List.of(command.id()), false, false), null);
            return;
        }
        Outcome.Applied applied = (Outcome.Applied) outcome;
        writeTransition(applied.state(), applied.transition(), List.of(command.id()));
    }

    private void applyOutcome(CallbackOutcome outcome) {
        Instant now = engine.now();
        Command command = outcome.toCommand(task.type(), now);
        TaskState base = withKeptErrors(state, outcome.effects().keptErrors());
        Outcome result = apply(base, command);
        if (result instanceof Outcome.Rejected rejected) {
            command = new Command.Error(new TaskError(now, "handler of type " + task.type() + " returned "
                    + command.kind() + ", which is not allowed in " + state.code() + ": " + rejected.reason(),
                    ErrorCode.ILLEGAL_TRANSITION.name()));
            result = apply(base, command);
        }
        if (result instanceof Outcome.Rejected rejected) {
            throw new IllegalStateException("the state machine rejects recording an error: " + rejected.reason());
        }
        Outcome.Applied applied = (Outcome.Applied) result;
        TaskState next = applied.state();
        if (outcome.effects().checkpointSet()) {
            next = next.withData(outcome.effects().checkpoint());
        }
        writeTransition(next, applied.transition(), List.of());
    }

    private void applyInternal(TaskState base, Command command) {
        Outcome result = apply(base, command);
        if (result instanceof Outcome.Rejected rejected) {
            throw new IllegalStateException("internal command " + command.kind() + " rejected: " + rejected.reason());
        }
        Outcome.Applied applied = (Outcome.Applied) result;
        writeTransition(applied.state(), applied.transition(), List.of());
    }

    private Outcome apply(TaskState base, Command command) {
        return engine.stateMachine().apply(task.id(), base, command, engine.now(), List.copyOf(recent));
    }

    private static TaskState withKeptErrors(TaskState s, List<TaskError> kept) {
        if (kept == null || (kept.isEmpty() && s.code() == StateCode.FAULT)) {
            return s;
        }
        return s.withErrors(kept);
    }

    private void writeTransition(TaskState next, Transition transition, List<String> acks) {
        boolean finish = next.code().terminal();
        boolean release = !finish && (transition.command() == CommandKind.RELEASE || stopReason != null);
        List<String> allAcks = acks;
        if (finish) {
            allAcks = new ArrayList<>(acks);
            allAcks.addAll(rejectAll(next));
        }
        write(new StateWrite(task.id(), fence, revision, next, allAcks, release, finish), transition);
    }

    /**
     * Rejects every queued command against the terminal state {@code finished} (logged, reported); returns their ids
     * to ack. Commands arriving after the finishing write was sent are rejected the same way when the runner ends
     * (finishing deletes a task's pending commands in the store).
     */
    private List<String> rejectAll(TaskState finished) {
        List<String> ids = new ArrayList<>();
        for (TaskCommand c : commands.drain()) {
            String reason = "task " + task.id() + " is " + finished.code() + ": " + c.command().kind()
                    + " arrived after it finished";
            LOG.warn("task {}: command {} rejected: {}", task.id(), c.id(), reason);
            engine.listener().commandRejected(task.id(), c, reason);
            ids.add(c.id());
        }
        return ids;
    }

    private void write(StateWrite write, Transition transition) {
        phase = Phase.WRITING;
        writes.write(write, transition);
    }

    /** A write is stored (called on the mailbox by {@link RunnerWrites}). */
    private void committed(RunnerWrites.Stored stored) {
        phase = Phase.IDLE;
        state = stored.state().state();
        revision = stored.state().revision();
        Transition t = stored.transition();
        if (t != null) {
            recent.addLast(t);
            while (recent.size() > RECENT) {
                recent.removeFirst();
            }
            engine.listener().transitionStored(task.id(), t, state);
        }
        if (stored.write().finish()) {
            engine.listener().taskFinished(task.id(), state.code());
            notifyEntered(true);
        } else if (stored.write().releaseClaim()) {
            end(EndReason.RELEASED, stopReason != null ? stopReason : "Release command");
        } else if (t != null && t.from() != t.to() && (t.to() == StateCode.SLEEPING || t.to() == StateCode.PAUSED)) {
            notifyEntered(false);
        } else {
            pump();
        }
    }

    /** The write or release path ended the task (fence lost, released, non-retryable failure). */
    private void writeEnded(EndReason reason, String detail) {
        end(reason, reason == EndReason.RELEASED && stopReason != null ? stopReason : detail);
    }

    private void notifyEntered(boolean thenEnd) {
        if (handler == null) {
            if (thenEnd) {
                end(EndReason.FINISHED, "finished in " + state.code());
            } else {
                pump();
            }
            return;
        }
        endAfterCallback = thenEnd;
        startCallback(CallbackOutcome.Kind.ENTERED, state.code());
    }

    private void startCallback(CallbackOutcome.Kind kind, StateCode entered) {
        phase = Phase.CALLBACK;
        long seq = ++callbackSeq;
        RunnerStopSignal stop = new RunnerStopSignal(engine.scheduler());
        RunnerContext<Object> ctx = new RunnerContext<>(task.id(), task.type(), props, state, fence,
                engine.nodeId(), stop, engine.errorPolicy(), engine.scheduler().clock());
        callbackContext = ctx;
        callbackRunning = true;
        try {
            engine.callbackExecutor().execute(() -> {
                CallbackOutcome outcome = CallbackOutcome.invoke(kind, handler, entered, ctx);
                callbackRunning = false;
                mailbox.post(() -> onCallbackReturned(seq, outcome));
            });
        } catch (RejectedExecutionException e) {
            callbackRunning = false;
            CallbackOutcome outcome = new CallbackOutcome(kind, null, e, ctx.invalidate());
            mailbox.post(() -> onCallbackReturned(seq, outcome));
        }
    }

    private void armSleepTimer(Instant until) {
        if (sleepTimer != null && until.equals(sleepTimerAt)) {
            return;
        }
        cancelSleepTimer();
        long seq = ++timerSeq;
        sleepTimerAt = until;
        sleepTimer = engine.scheduler().schedule(until, () -> mailbox.post(() -> onTimer(seq)));
    }

    private void cancelSleepTimer() {
        if (sleepTimer != null) {
            sleepTimer.cancel();
            sleepTimer = null;
            sleepTimerAt = null;
        }
    }

    private void end(EndReason reason, String detail) {
        if (phase == Phase.ENDED) {
            return;
        }
        phase = Phase.ENDED;
        cancelSleepTimer();
        writes.cancel();
        if (callbackContext != null) {
            callbackContext.stopSignal().request(null);
            callbackContext.invalidate();
            callbackContext = null;
        }
        int dropped = reason == EndReason.FINISHED ? rejectAll(state).size() : commands.drain().size();
        switch (reason) {
            case CLAIM_LOST -> {
                LOG.warn("task {}: claim lost ({}); stopped here, in-memory state dropped", task.id(), detail);
                engine.listener().claimLost(task.id(), detail);
            }
            case RELEASED -> {
                LOG.info("task {}: released ({}); {} queued command(s) stay stored for the next owner",
                        task.id(), detail, dropped);
                engine.listener().taskReleased(task.id(), detail);
            }
            case FINISHED -> LOG.debug("task {}: {}", task.id(), detail);
            default -> LOG.warn("task {}: stopped here: {}", task.id(), detail);
        }
        onEnd.accept(new End(this, reason, detail));
    }
}
