package io.windlass.consumer;

import io.windlass.consumer.spi.Failures;
import io.windlass.consumer.spi.StateWrite;
import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.WriteResult;
import io.windlass.consumer.time.TaskScheduler;
import io.windlass.statemachine.ErrorCode;
import io.windlass.statemachine.Transition;
import io.windlass.statemachine.WindlassException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one in-flight coordinator operation of a task runner: a fenced {@link StateWrite} or a fenced release. A
 * retryable failure is retried (same write: the guard makes it safe) after a back-off on the scheduler; a lost fence
 * ends the runner and is never retried. Completions come back on the runner's mailbox; a completion of an operation
 * that was cancelled or superseded is ignored. A write refused for good (e.g. PAYLOAD_TOO_LARGE) is reported to the
 * runner, which records it on the task. Used only from the runner's mailbox.
 */
final class RunnerWrites {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerWrites.class);

    /** A stored write, with the transition it stored (null for an ack-only write) and the stored state. */
    record Stored(StateWrite write, Transition transition, StoredState state) {
    }

    private final Engine engine;
    private final Mailbox mailbox;
    private final String taskId;
    private final long fence;
    private final Owner owner;

    private long seq;
    private StateWrite write;
    private Transition transition;
    private boolean releasing;
    private int attempts;
    private TaskScheduler.Timer retryTimer;

    /** The runner's side: called on its mailbox. */
    interface Owner {
        /** The write is stored. */
        void committed(Stored stored);

        /** The runner must end: the claim is gone, released, or a release failed for good. */
        void ended(TaskRunner.EndReason reason, String detail);

        /** The write was refused for good (not retryable). */
        void refused(WindlassException error);
    }

    RunnerWrites(Engine engine, Mailbox mailbox, String taskId, long fence, Owner owner) {
        this.engine = engine;
        this.mailbox = mailbox;
        this.taskId = taskId;
        this.fence = fence;
        this.owner = owner;
    }

    void write(StateWrite newWrite, Transition storedTransition) {
        cancel();
        write = newWrite;
        transition = storedTransition;
        send();
    }

    void release() {
        cancel();
        releasing = true;
        send();
    }

    /** Forgets the current operation: its completion (if any) is ignored; no retry follows. */
    void cancel() {
        seq++;
        write = null;
        transition = null;
        releasing = false;
        attempts = 0;
        if (retryTimer != null) {
            retryTimer.cancel();
            retryTimer = null;
        }
    }

    /** A fire-and-forget fenced release (used when the runner gives up after an unexpected failure). */
    void releaseQuietly() {
        Async.quietly(LOG, "task " + taskId + ": release after a failure", () -> engine.coordinator().release(taskId,
                fence));
    }

    private void send() {
        long s = ++seq;
        if (releasing) {
            Async.call(() -> engine.coordinator().release(taskId, fence))
                    .whenComplete((ok, ex) -> mailbox.post(() -> onReleased(s, ok, ex)));
        } else {
            CompletableFuture<WriteResult> f;
            try {
                f = engine.coordinator().write(write);
            } catch (RuntimeException e) {
                f = CompletableFuture.completedFuture(new WriteResult.Failed(asWindlass(e)));
            }
            f.whenComplete((r, ex) -> mailbox.post(() ->
                    onWritten(s, r != null ? r : new WriteResult.Failed(asWindlass(ex)))));
        }
    }

    private void onWritten(long s, WriteResult result) {
        if (s != seq || write == null) {
            return;
        }
        StateWrite done = write;
        Transition doneTransition = transition;
        if (result instanceof WriteResult.Committed committed) {
            cancel();
            owner.committed(new Stored(done, doneTransition, committed.state()));
        } else if (result instanceof WriteResult.FenceLost lost) {
            cancel();
            owner.ended(TaskRunner.EndReason.CLAIM_LOST, "write refused: " + lost.reason());
        } else {
            WindlassException error = ((WriteResult.Failed) result).error();
            if (error.retryable()) {
                retryLater(error);
            } else {
                cancel();
                LOG.error("task {}: write refused, not retryable: {}", taskId, error.getMessage());
                owner.refused(error);
            }
        }
    }

    private void onReleased(long s, Boolean ok, Throwable ex) {
        if (s != seq || !releasing) {
            return;
        }
        if (ex != null) {
            WindlassException error = asWindlass(ex);
            if (error.retryable()) {
                retryLater(error);
            } else {
                cancel();
                owner.ended(TaskRunner.EndReason.WRITE_FAILED, "release failed: " + error.getMessage());
            }
            return;
        }
        cancel();
        if (Boolean.TRUE.equals(ok)) {
            owner.ended(TaskRunner.EndReason.RELEASED, "released");
        } else {
            owner.ended(TaskRunner.EndReason.CLAIM_LOST, "release refused: the claim was already gone");
        }
    }

    private void retryLater(WindlassException error) {
        attempts++;
        Duration backoff = engine.settings().writeBackoff(attempts);
        LOG.warn("task {}: {} failed (attempt {}), retrying in {}: {}", taskId, releasing ? "release" : "write",
                attempts, backoff, error.getMessage());
        long s = seq;
        retryTimer = engine.scheduler().schedule(engine.now().plus(backoff), () -> mailbox.post(() -> {
            if (s == seq) {
                retryTimer = null;
                send();
            }
        }));
    }

    static WindlassException asWindlass(Throwable t) {
        Throwable cause = Failures.unwrap(t);
        if (cause instanceof WindlassException we) {
            return we;
        }
        return new WindlassException(ErrorCode.UNAVAILABLE, "coordinator call failed: " + cause, cause);
    }
}
