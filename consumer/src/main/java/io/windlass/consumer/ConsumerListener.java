package io.windlass.consumer;

import io.windlass.consumer.spi.TaskCommand;
import io.windlass.statemachine.StateCode;
import io.windlass.statemachine.TaskState;
import io.windlass.statemachine.Transition;
import java.util.List;
import java.util.Set;

/**
 * Observes a consumer (tests, demos, metrics). Every method has a no-op default. Called on the consumer's event-loop
 * threads, possibly from several tasks' loops at once: implementations must be thread-safe, quick and must not block;
 * an exception thrown here is logged and otherwise ignored.
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

    /** The consumer has left the cluster and stopped. */
    default void terminated() {
    }
}
