package io.windlass.consumer;

import io.windlass.consumer.spi.Claim;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import io.windlass.statemachine.Command;
import io.windlass.statemachine.CommandKind;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskError;
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
 * commands in arrival order, then what the state asks for: {@link RunnerSteps}, the step engine this class extends)
 * → one fenced write ({@link StepWrites} composes it) → continue when it is stored. This class takes the events in,
 * handles the write results and ends the runner.
 *
 * <p>A Sleeping or Paused task holds no thread: sleeping is a timer on the scheduler. Commands arriving during a
 * callback stop it cooperatively (Pause, Kill, Release, Sleep) and are applied after its result. A running callback's
 * {@code ctx.checkpointNow} write is a step of this mailbox too (phase CHECKPOINT): one owner of state and revision.
 * The public-ish methods ({@link #start}, {@link #commandArrived}, ...) may be called from any thread: they post.
 */
final class TaskRunner extends RunnerSteps {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    enum EndReason { FINISHED, RELEASED, CLAIM_LOST, WRITE_FAILED, ABANDONED }

    /** Sent to the consumer's control loop when the runner has ended. */
    record End(TaskRunner runner, EndReason reason, String detail) {
    }

    private final Instant claimedAt;
    private final Consumer<End> onEnd;
    private boolean recordingRefusal;

    /**
     * @param handler      the task's handler, or null when it cannot run ({@code setupProblem} says why)
     * @param setupProblem why the task cannot run here (unknown type, undecodable props), or null
     */
    TaskRunner(Engine engine, Claim claim, TaskHandler<Object> handler, Object props, TaskError setupProblem,
               Consumer<End> onEnd) {
        super(engine, claim, handler, props, setupProblem);
        this.claimedAt = engine.now();
        this.onEnd = onEnd;
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

    @Override
    void wokeUp(Instant due) {
        engine.listener().timerFired(task.id(), Duration.between(due, engine.now()));
        pump();
    }

    @Override
    void onCallbackReturned(CallbackOutcome outcome) {
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

    @Override
    void end(EndReason reason, String detail) {
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
