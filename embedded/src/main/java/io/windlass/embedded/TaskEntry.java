package io.windlass.embedded;

import io.windlass.consumer.spi.StoredState;
import io.windlass.consumer.spi.TaskCommand;
import io.windlass.consumer.spi.TaskRecord;
import java.util.LinkedHashMap;

/**
 * The mutable store row of one task: the keys {@code tasks/<id>}, {@code state/<id>}, {@code claims/<id>} and
 * {@code commands/<id>/*} of the etcd layout. Guarded by the {@link Store} lock.
 */
final class TaskEntry {
    final String id;
    /** The decoded record, or null when {@link #rawTask} holds undecodable bytes. */
    TaskRecord record;
    byte[] rawTask;
    String rawTaskReason;
    /** The decoded state, or null when absent or when {@link #rawState} holds undecodable bytes. */
    StoredState state;
    byte[] rawState;
    String rawStateReason;
    /** The claiming node, or null. */
    String owner;
    long fence;
    /** Every command id a client stored for this task, with its command (idempotent retries; etcd: cmdids/). */
    final java.util.HashMap<String, io.windlass.statemachine.Command> commandIds = new java.util.HashMap<>();
    /** Pending commands in store order. */
    final LinkedHashMap<String, TaskCommand> commands = new LinkedHashMap<>();

    TaskEntry(String id) {
        this.id = id;
    }

    boolean quarantined() {
        return rawTask != null || rawState != null;
    }

    /** Exists, decodable, not terminal and nobody claims it (the store checks "finished" separately). */
    boolean openAndUnclaimed() {
        return record != null && state != null && !quarantined() && owner == null && !state.state().code().terminal();
    }
}
