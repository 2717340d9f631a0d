package io.windlass.consumer;

import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.CommandKind;
import io.windlass.statemachine.ErrorPolicy;
import io.windlass.statemachine.Outcome;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.Transition;
import io.windlass.statemachine.WindlassException;
import io.windlass.statemachine.handler.TaskHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns ONE claimed task: a mailbox whose events (claimed, command arrived, timer fired, callback returned, write
 * completed, claim lost, stop requested) are processed one at a time on the event-loop executor. Only this runner
 * touches the task's state, so it needs no locks. Each step: apply a command (a handler result first, then queued
 * commands in arrival order, then what the state asks for) → one fenced write ({@link StepWrites} composes it) →
 * continue when it is stored.
 *
 * <p>A Sleeping or Paused task holds no thread: sleeping is a timer on the scheduler. Commands arriving during a
 * callback stop it cooperatively (Pause, Kill, Release, Sleep) and are applied after its result. A running callback's
 * {@code ctx.checkpointNow} write is a step of this mailbox too (phase CHECKPOINT): one owner of state and revision.
 * The public-ish methods ({@link #start}, {@link #commandArrived}, ...) may be called from any thread: they post.
 */
final class TaskRunner implements RunnerWrites.Owner {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    enum EndReason { FINISHED, RELEASED, CLAIM_LOST, WRITE_FAILED, ABANDONED }

    /** Sent to the consumer's control loop when the runner has ended. */
    record End(TaskRunner runner, EndReason reason, String detail) {
    }

    /** CHECKPOINT: a callback runs and a checkpointNow write of it is in flight. */
    private enum Phase { IDLE, CALLBACK, CHECKPOINT, WRITING, ENDED }

    private final Engine engine;
    private final Mailbox mailbox;
    private final TaskRecord task;
    private final long fence;
    private final TaskHandler<Object> handler;
    private final TaskError setupProblem;
    private final Instant claimedAt;
    private final Consumer<End> onEnd;
    private final RunnerWrites writes;
    private TaskState state;
    private long revision;
    private final PendingCommands commands = new PendingCommands();
    private final RunnerCheckpoints checkpoints = new RunnerCheckpoints();
    private final RunnerCallbacks callbacks;
    private final StepPlanner planner;
    private final SleepTimer sleepTimer;
    private Phase phase = Phase.IDLE;
    private CallbackOutcome returned;
    private boolean endAfterCallback;
    private String stopReason;
    private boolean recordingRefusal;

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
        this.setupProblem = setupProblem;
        this.claimedAt = engine.now();
        this.onEnd = onEnd;
        this.state = claim.state().state();
        this.revision = claim.state().revision();
        this.mailbox = new Mailbox("task", task.id(), engine.loopExecutor());
        this.writes = new RunnerWrites(engine, mailbox, task.id(), fence, this);
        this.planner = new StepPlanner(engine.stateMachine(), task);
        this.callbacks = new RunnerCallbacks(engine, mailbox, task, fence, handler, props, this::onCallbackReturned,
                request -> mailbox.post(() -> onCheckpointNow(request)));
        this.sleepTimer = new SleepTimer(engine.wakeUps(), mailbox, this::wokeUp);
    }

    // ---- thread-safe entry points (post to the mailbox) ----

    void start(List<TaskCommand> pending) {
        mailbox.post(() -> {
            engine.listener().taskClaimed(task.id(), fence);
            pending.forEach(c -> commands.offer(c, task.id(), engine.listener()));
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
            callbacks.stop(cause);
            pump();
        });
    }

    /** Stop at once without writing (shutdown grace over, shutdownNow); the claim is dropped by the coordinator. */
    void abandon(String reason) {
        mailbox.post(() -> end(EndReason.ABANDONED, reason));
    }

    String taskId() { return task.id(); }

    TaskRecord task() { return task; }

    Instant claimedAt() { return claimedAt; }

    /** The thread of the handler callback running now, or null (read from any thread). */
    Thread callbackThread() { return callbacks.thread(); }

    private void onCommand(TaskCommand command) {
        if (phase == Phase.ENDED) {
            return;
        }
        if (!commands.offer(command, task.id(), engine.listener())) {
            LOG.debug("task {}: command {} delivered again; applied once", task.id(), command.id());
            return;
        }
        if (PendingCommands.stopsCallback(command.command().kind())) {
            callbacks.stop(command.command());
        }
        pump();
    }

    private void wokeUp(Instant due) {
        engine.listener().timerFired(task.id(), Duration.between(due, engine.now()));
        pump();
    }

    private void onCallbackReturned(CallbackOutcome outcome) {
        if (phase == Phase.CHECKPOINT) {
            returned = outcome; // applied once its checkpoint writes are stored (a RUNNABLE callback's outcome)
            return;
        }
        if (phase != Phase.CALLBACK) {
            return;
        }
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

    private void pump() {
        if (phase == Phase.IDLE) {
            safely(this::step);
        }
    }

    /** Runs a step; an unexpected failure (a bug) releases the task instead of leaving it stuck here. */
    private void safely(Runnable stepAction) {
        try {
            stepAction.run();
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
            sleepTimer.cancel();
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
                sleepTimer.cancel();
                if (setupProblem != null) {
                    applyInternal(state, new Command.Error(new TaskError(now, setupProblem.message(),
                            setupProblem.type())));
                } else {
                    startCallback(CallbackOutcome.Kind.RUNNABLE, null);
                }
            }
            case FAULT -> {
                sleepTimer.cancel();
                if (handler == null) {
                    ErrorPolicy.Decision d = engine.errorPolicy().decide(state.errors(), now);
                    applyInternal(StepPlanner.withKeptErrors(state, d.keptErrors()), d.next());
                } else {
                    startCallback(CallbackOutcome.Kind.FAULT, null);
                }
            }
            case SLEEPING -> {
                if (now.isBefore(state.until())) {
                    sleepTimer.arm(state.until());
                } else {
                    sleepTimer.cancel(); // already due (e.g. a sleep shorter than its write): late by now - until
                    engine.listener().timerFired(task.id(), Duration.between(state.until(), now));
                    applyInternal(state, Command.run());
                }
            }
            case PAUSED -> sleepTimer.cancel();
            default -> write(StepWrites.finishing(task.id(), fence, revision, state, commands, engine.listener()),
                    null);
        }
    }

    private void applyCommand(TaskCommand command) {
        Outcome outcome = planner.apply(state, command.command(), engine.now());
        if (outcome instanceof Outcome.Rejected rejected) {
            write(StepWrites.rejection(task.id(), fence, revision, state, command, rejected.reason(),
                    engine.listener()), null);
        } else {
            engine.listener().commandApplied(task.id(), command);
            writeTransition((Outcome.Applied) outcome, List.of(command.id()));
        }
    }

    private void applyOutcome(CallbackOutcome outcome) {
        writeTransition(planner.applyOutcome(state, outcome, engine.now()), List.of());
    }

    private void applyInternal(TaskState base, Command command) {
        writeTransition(planner.applyInternal(base, command, engine.now()), List.of());
    }

    private void writeTransition(Outcome.Applied applied, List<String> acks) {
        write(StepWrites.transition(task.id(), fence, revision, applied, acks, stopReason != null, commands,
                engine.listener()), applied.transition());
    }

    private void write(StateWrite write, Transition transition) {
        phase = Phase.WRITING;
        writes.write(write, transition);
    }

    private void onCheckpointNow(CheckpointNow request) {
        boolean running = phase != Phase.ENDED && callbacks.isCurrent(request.context());
        if (checkpoints.add(request, running, task.id()) && phase == Phase.CALLBACK) {
            sendCheckpoint();
        }
    }

    private void sendCheckpoint() {
        Outcome.Applied applied = planner.applyInternal(state.withData(checkpoints.send()), Command.checkpoint(),
                engine.now());
        phase = Phase.CHECKPOINT;
        writes.write(StepWrites.transition(task.id(), fence, revision, applied, List.of(), false, commands,
                engine.listener()), applied.transition());
    }

    /** The checkpoint write in flight is done: the next one, or back to the (maybe returned) callback. */
    private void checkpointDone() {
        if (checkpoints.hasWaiting()) {
            sendCheckpoint();
        } else if (returned != null) {
            phase = Phase.IDLE;
            pump();
        } else {
            phase = Phase.CALLBACK;
        }
    }

    /** A write is stored (called on the mailbox by {@link RunnerWrites}). */
    @Override
    public void committed(RunnerWrites.Stored stored) {
        boolean checkpointed = phase == Phase.CHECKPOINT;
        phase = Phase.IDLE;
        recordingRefusal = false;
        state = stored.state().state();
        revision = stored.state().revision();
        Transition t = stored.transition();
        if (t != null) {
            planner.stored(t);
            engine.listener().transitionStored(task.id(), t, state);
        }
        if (checkpointed) {
            checkpoints.stored();
            checkpointDone();
        } else if (stored.write().finish()) {
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

    /**
     * A write was refused for good (e.g. its checkpoint data is too large for the store). The step is lost, but not
     * silently: the refusal is recorded as an error on the last stored state (Fault, then the error policy). If even
     * that is refused, or the state takes no error, the task is released (and logged) instead of looping here.
     */
    @Override
    public void refused(WindlassException error) {
        if (phase == Phase.CHECKPOINT) {
            checkpoints.failed(error);
            checkpointDone();
            return;
        }
        phase = Phase.IDLE;
        boolean canRecord = !recordingRefusal && engine.stateMachine().allows(state.code(), CommandKind.ERROR);
        if (!canRecord) {
            LOG.error("task {}: cannot record the refused write on the task; releasing it", task.id());
            writes.releaseQuietly();
            end(EndReason.WRITE_FAILED, "write refused: " + error.getMessage());
            return;
        }
        recordingRefusal = true;
        safely(() -> applyInternal(state, new Command.Error(new TaskError(engine.now(),
                "the store refused the task's write: " + error.getMessage(), error.code().name()))));
    }

    /** The claim is gone or released (called on the mailbox by {@link RunnerWrites}). */
    @Override
    public void ended(EndReason reason, String detail) {
        end(reason, reason == EndReason.RELEASED && stopReason != null ? stopReason : detail);
    }

    private void notifyEntered(boolean thenEnd) {
        if (handler == null || !RunnerCallbacks.overridesOnEntered(handler)) {
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
        callbacks.start(kind, state, entered);
    }

    private void end(EndReason reason, String detail) {
        if (phase == Phase.ENDED) {
            return;
        }
        phase = Phase.ENDED;
        sleepTimer.cancel();
        writes.cancel();
        WindlassException stopped = RunnerEnds.stopped(task.id(), engine.nodeId(), reason, detail);
        callbacks.abandon(stopped);
        checkpoints.failAll(stopped);
        RunnerEnds.report(task.id(), reason, detail, state.code(), commands, engine.listener());
        onEnd.accept(new End(this, reason, detail));
    }
}
