package io.windlass.consumer;

import io.windlass.consumer.spi.TaskCommand;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.Transition;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Observes a consumer (tests, demos, metrics). Every method has a no-op default. Called on the consumer's event-loop
 * threads, possibly from several tasks' loops at once: implementations must be thread-safe, quick and must not block;
 * an exception thrown here is logged and otherwise ignored. Each method names the thread it is called on: the node's
 * control loop, the task's loop (one at a time per task), or the callback executor's thread that runs the handler.
 * Task types passed here are types this node has a handler for (a bounded set: usable as a metric tag).
 */
public interface ConsumerListener {

    /** This node claimed {@code taskId} with {@code fence}; its runner starts. */
    default void taskClaimed(String taskId, long fence) {
    }

    /** {@code transition} of {@code taskId} is stored; {@code state} is the stored state. */
    default void transitionStored(String taskId, Transition transition, TaskState state) {
    }

    /**
     * A stored command was illegal in the task's state; it is acknowledged (deleted) with the unchanged state and not
     * applied. Also logged at WARN.
     */
    default void commandRejected(String taskId, TaskCommand command, String reason) {
    }

    /** This node lost the claim (fence lost, expired, deleted): the task stopped here without a write. */
    default void claimLost(String taskId, String reason) {
    }

    /** This node released the task (Release command, balancer, stop_task, shutdown); the claim is deleted. */
    default void taskReleased(String taskId, String reason) {
    }

    /** The task reached a terminal state, stored as finished. */
    default void taskFinished(String taskId, StateCode state) {
    }

    /**
     * A graceful shutdown's grace period ended while this task's handler callback still ran: it ignored the stop
     * signal. {@code threadName} names the callback's thread and {@code stack} is where that thread was at that moment
     * (also logged at WARN), to find the loop that does not check {@code ctx.stop()}. Called once per such task, just
     * before {@link #shutdownOverdue}; the task is abandoned with the others.
     */
    default void callbackOverdue(String taskId, String threadName, List<StackTraceElement> stack) {
    }

    /**
     * A graceful shutdown's grace period ended with these tasks still not stopped (their handlers ignored the stop
     * signal); the consumer abandoned them and left the cluster, which drops their claims.
     */
    default void shutdownOverdue(Set<String> taskIds) {
    }

    /**
     * A claim txn this node sent was answered (control loop). {@code result}: {@code won}; {@code lost} (another node
     * owns the task, or it finished, was deleted or is quarantined: a lost race); {@code failed} (the store call
     * failed; retried after {@code claimRetry}). {@code latency}: the claim's round trip (real time);
     * {@code sinceOffer}: from the task's offer to this node until the answer (consumer clock; with a won claim of a
     * task whose owner died, the failover time after the loss was noticed).
     */
    default void claimAttempted(String taskId, String taskType, String result, Duration latency,
                                Duration sinceOffer) {
    }

    /**
     * A handler callback ({@code onRunnable}, {@code onFault}, {@code onEntered}) of the task starts (the callback
     * executor's thread, just before the handler runs).
     */
    default void handlerStarted(String taskId, String taskType, String callback) {
    }

    /**
     * The callback returned (or threw: {@code threw}) after {@code duration} (real time); called on the callback
     * executor's thread right after the handler, before the outcome goes back to the task's loop.
     */
    default void handlerFinished(String taskId, String taskType, String callback, Duration duration, boolean threw) {
    }

    /** A stored command joined the owner's queue of the task (task's loop; a duplicate delivery is not reported). */
    default void commandQueued(String taskId, TaskCommand command) {
    }

    /**
     * A queued command was applied: its transition is being written (task's loop). Every queued command ends in
     * exactly one of {@code commandApplied}, {@link #commandRejected} and {@link #commandsDropped}.
     */
    default void commandApplied(String taskId, TaskCommand command) {
    }

    /**
     * The task stopped here (released, claim lost, abandoned) with these queued commands unapplied; they stay stored
     * for the next owner (task's loop).
     */
    default void commandsDropped(String taskId, List<TaskCommand> commands) {
    }

    /**
     * A fenced write or release of this node was refused: the claim (fence) is no longer the task's (task's loop).
     * {@link #claimLost} follows.
     */
    default void fenceRejected(String taskId, String reason) {
    }

    /**
     * A sleeping task woke up {@code lateness} after its {@code until} (consumer clock; task's loop, before the Run
     * command is applied): by its timer, or found already due when its Sleep was stored (or it was claimed).
     */
    default void timerFired(String taskId, Duration lateness) {
    }

    /** The consumer has left the cluster and stopped. */
    default void terminated() {
    }
}
