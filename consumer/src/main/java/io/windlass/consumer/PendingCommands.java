package io.windlass.consumer;

import io.windlass.consumer.spi.TaskCommand;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A task's commands waiting to be applied, in arrival order, deduplicated by command id: a command may be delivered
 * twice (in the claim's pending list and by an event, or by a repeated event); the second delivery is ignored. The ids
 * of the last {@link #REMEMBERED} commands are remembered. Owned by one runner (not thread-safe).
 */
final class PendingCommands {
    static final int REMEMBERED = 4096;
    private final Deque<TaskCommand> queue = new ArrayDeque<>();
    private final Set<String> seen = new LinkedHashSet<>();

    /** Queues {@code command} unless its id was seen; returns true when queued. */
    boolean offer(TaskCommand command) {
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
        return queue.pollFirst();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }

    /** Removes and returns every queued command, in order. */
    List<TaskCommand> drain() {
        List<TaskCommand> all = new ArrayList<>(queue);
        queue.clear();
        return all;
    }
}
