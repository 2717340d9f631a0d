package io.windlass.consumer;

import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.ErrorPolicy;
import io.windlass.statemachine.Outcome;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskError;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.Transition;
import io.windlass.statemachine.handler.TaskHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step engine of a {@link TaskRunner}, its one subclass: the runner's state (stored state and revision, phase,
 * queued commands, a returned callback outcome, the stop reason) and how the next step is chosen and written — a
 * handler result first, then queued commands in arrival order, then what the state asks for (start a callback, arm
 * the sleep timer, finish) — plus the {@code checkpointNow} write cycle of a running callback. {@link TaskRunner} feeds
 * it events (claimed, command, timer, callback returned, write stored or refused) and ends the runner. Everything
 * here runs on the task's mailbox, one event at a time: no locks.
 */
abstract sealed class RunnerSteps implements RunnerWrites.Owner permits TaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerSteps.class);

    /** CHECKPOINT: a callback runs and a checkpointNow write of it is in flight. */
    enum Phase { IDLE, CALLBACK, CHECKPOINT, WRITING, ENDED }

    final Engine engine;
    final Mailbox mailbox;
    final TaskRecord task;
    final long fence;
    final TaskHandler<Object> handler;
    final TaskError setupProblem;
    final RunnerWrites writes;
    final PendingCommands commands = new PendingCommands();
    final RunnerCheckpoints checkpoints = new RunnerCheckpoints();
    final RunnerCallbacks callbacks;
    final StepPlanner planner;
    final SleepTimer sleepTimer;
    TaskState state;
    long revision;
    Phase phase = Phase.IDLE;
    CallbackOutcome returned;
    boolean endAfterCallback;
    String stopReason;

    RunnerSteps(Engine engine, Claim claim, TaskHandler<Object> handler, Object props, TaskError setupProblem) {
        this.engine = engine;
        this.task = claim.task();
        this.fence = claim.fence();
        this.handler = handler;
        this.setupProblem = setupProblem;
        this.state = claim.state().state();
        this.revision = claim.state().revision();
        this.mailbox = new Mailbox("task", task.id(), engine.loopExecutor());
        this.writes = new RunnerWrites(engine, mailbox, task.id(), fence, this);
        this.planner = new StepPlanner(engine.stateMachine(), task);
        this.callbacks = new RunnerCallbacks(engine, mailbox, task, fence, handler, props, this::onCallbackReturned,
                request -> mailbox.post(() -> onCheckpointNow(request)));
        this.sleepTimer = new SleepTimer(engine.wakeUps(), mailbox, this::wokeUp);
    }

    /** A callback returned (on the mailbox). */
    abstract void onCallbackReturned(CallbackOutcome outcome);

    /** The sleep timer fired for {@code due} (on the mailbox). */
    abstract void wokeUp(Instant due);

    /** Ends the runner (idempotent). */
    abstract void end(TaskRunner.EndReason reason, String detail);

    void pump() {
        if (phase == Phase.IDLE) {
            safely(this::step);
        }
    }

    /** Runs a step; an unexpected failure (a bug) releases the task instead of leaving it stuck here. */
    void safely(Runnable stepAction) {
        try {
            stepAction.run();
        } catch (RuntimeException e) {
            LOG.error("task {}: unexpected failure in the runner; releasing the task", task.id(), e);
            writes.releaseQuietly();
            end(TaskRunner.EndReason.ABANDONED, "runner failure: " + e);
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

    void applyInternal(TaskState base, Command command) {
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

    void onCheckpointNow(CheckpointNow request) {
        boolean running = phase != Phase.ENDED && callbacks.isCurrent(request.context());
        if (checkpoints.add(request, running, task.id()) && phase == Phase.CALLBACK) {
            sendCheckpoint();
        }
    }

    void sendCheckpoint() {
        Outcome.Applied applied = planner.applyInternal(state.withData(checkpoints.send()), Command.checkpoint(),
                engine.now());
        phase = Phase.CHECKPOINT;
        writes.write(StepWrites.transition(task.id(), fence, revision, applied, List.of(), false, commands,
                engine.listener()), applied.transition());
    }

    /** The checkpoint write in flight is done: the next one, or back to the (maybe returned) callback. */
    void checkpointDone() {
        if (checkpoints.hasWaiting()) {
            sendCheckpoint();
        } else if (returned != null) {
            phase = Phase.IDLE;
            pump();
        } else {
            phase = Phase.CALLBACK;
        }
    }

    void notifyEntered(boolean thenEnd) {
        if (handler == null || !RunnerCallbacks.overridesOnEntered(handler)) {
            if (thenEnd) {
                end(TaskRunner.EndReason.FINISHED, "finished in " + state.code());
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
}
