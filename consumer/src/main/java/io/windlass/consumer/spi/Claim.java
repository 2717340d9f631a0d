package io.windlass.consumer.spi;

import java.util.List;
import java.util.Objects;

/**
 * Ownership of one task by this node. {@code fence} is strictly greater than the fence of every earlier claim of the
 * same task (etcd: the claim key's create revision). Every write of the owner is guarded on it.
 *
 * @param pending commands stored for the task when it was claimed, in order; later ones arrive through
 *                {@link CoordinatorListener#commandArrived} after the claim's result (see {@link Coordinator#claim};
 *                a command may be delivered both ways: dedupe by id)
 */
public record Claim(TaskRecord task, long fence, StoredState state, List<TaskCommand> pending) {
    public Claim {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(state, "state");
        pending = List.copyOf(pending);
        if (fence <= 0) {
            throw new IllegalArgumentException("fence must be > 0");
        }
    }
}
