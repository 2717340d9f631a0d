package io.windlass.consumer.spi;

import io.windlass.statemachine.TaskState;
import java.util.List;
import java.util.Objects;

/**
 * One fenced write by a task's owner, applied atomically (one etcd txn, or one nested txn in a group commit):
 * guarded on {@code CreateRevision(claim) == fence} and on the state still being at {@code expectedRevision};
 * then puts {@code newState}, deletes the acknowledged commands, and — if asked — deletes the claim
 * ({@code releaseClaim}) or marks the task finished ({@code finish}, for terminal states; implies releasing).
 *
 * @param ackCommandIds commands applied (or rejected) by this transition; deleted in the same write
 */
public record StateWrite(String taskId, long fence, long expectedRevision, TaskState newState,
                         List<String> ackCommandIds, boolean releaseClaim, boolean finish) {
    public StateWrite {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(newState, "newState");
        ackCommandIds = List.copyOf(ackCommandIds);
        if (finish && !newState.code().terminal()) {
            throw new IllegalArgumentException("finish needs a terminal state, got " + newState.code());
        }
    }
}
