package io.windlass.consumer;

import io.windlass.consumer.spi.TaskCommand;
import io.windlass.statemachine.CommandKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A task's commands waiting to be applied, in arrival order, deduplicated by command id: a command may be delivered
 * twice (in the claim's pending list and by an event, or by a repeated event); the second delivery is ignored. The ids
 * of the last {@link #REMEMBERED} commands are remembered. The queue and the id set are allocated on the first command
 * (an idle task that never gets one costs only this object). Owned by one runner (not thread-safe).
 */
final class PendingCommands {
    static final int REMEMBERED = 4096;
    private ArrayDeque<TaskCommand> queue;
    private LinkedHashSet<String> seen;

    /** Whether a command of kind {@code k} stops a running callback (it is applied after the callback's result). */
    static boolean stopsCallback(CommandKind k) {
        return k == CommandKind.PAUSE || k == CommandKind.KILL || k == CommandKind.RELEASE || k == CommandKind.SLEEP;
    }

    /** Queues {@code command} unless its id was seen; returns true when queued. */
    /** {@link #offer(TaskCommand)}, telling {@code listener} of a command queued (not of one delivered again). */
    boolean offer(TaskCommand command, String taskId, ConsumerListener listener) {
        boolean queued = offer(command);
        if (queued) {
            listener.commandQueued(taskId, command);
        }
        return queued;
    }

    boolean offer(TaskCommand command) {
        if (seen == null) {
            seen = new LinkedHashSet<>();
            queue = new ArrayDeque<>(4);
        }
        if (!seen.add(command.id())) {
            return false;
        }
        if (seen.size() > REMEMBERED) {
            Iterator<String> oldest = seen.iterator();
            oldest.next();
            oldest.remove();
        }
        queue.addLast(command);
        return true;
    }

    TaskCommand poll() {
        return queue == null ? null : queue.pollFirst();
    }

    boolean isEmpty() {
        return queue == null || queue.isEmpty();
    }

    int size() {
        return queue == null ? 0 : queue.size();
    }

    /** Removes and returns every queued command, in order. */
    List<TaskCommand> drain() {
        if (queue == null || queue.isEmpty()) {
            return List.of();
        }
        List<TaskCommand> all = new ArrayList<>(queue);
        queue.clear();
        return all;
    }
}
