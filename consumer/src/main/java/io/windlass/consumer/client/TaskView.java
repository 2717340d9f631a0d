package io.windlass.consumer.client;

import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import java.util.List;

/**
 * Everything known about one task at one moment.
 *
 * @param id          the task id
 * @param task        the record, or null when it could not be decoded (see {@code quarantine})
 * @param state       the stored state, or null when absent or undecodable
 * @param owner       the node that claims it, or null
 * @param fence       the owner's fence, or 0
 * @param pending     commands not yet applied, in order
 * @param quarantine  why this task is parked (bad bytes in the store), or null
 */
public record TaskView(String id, TaskRecord task, StoredState state, String owner, long fence,
                       List<TaskCommand> pending, Quarantine quarantine) {
    public TaskView {
        pending = List.copyOf(pending);
    }

    /** Undecodable stored data: the key, the decode error and the raw bytes, kept untouched. */
    public record Quarantine(String key, String reason, byte[] raw) {
    }
}
