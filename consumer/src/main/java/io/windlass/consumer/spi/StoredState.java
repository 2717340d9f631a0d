package io.windlass.consumer.spi;

import io.windlass.statemachine.TaskState;
import java.time.Instant;
import java.util.Objects;

/**
 * A task's state as stored, with the coordinator's compare-and-set token and who wrote it.
 *
 * @param state       the state
 * @param revision    opaque CAS token of this stored version (etcd: the state key's mod revision); a write names the
 *                    revision it read and fails if the state changed since
 * @param writerNode  the node that wrote it ("" when written by a client, e.g. at submit)
 * @param writerFence the fence under which it was written (0 when written by a client)
 * @param updated     when it was written (the writer's clock)
 */
public record StoredState(TaskState state, long revision, String writerNode, long writerFence, Instant updated) {
    public StoredState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(writerNode, "writerNode");
        Objects.requireNonNull(updated, "updated");
    }
}
