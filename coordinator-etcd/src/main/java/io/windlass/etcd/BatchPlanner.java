package io.windlass.etcd;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.Set;

/**
 * Pure batching rule of the group committer: take writes from the head of the queue, in order, up to
 * {@code maxWrites} and {@code maxBytes} (always at least one), at most one write per task per batch (an etcd txn
 * cannot put the same key twice; a later write of the same task waits for the next batch, keeping per-task order).
 */
final class BatchPlanner {
    private BatchPlanner() {
    }

    /** Something queued for a batch. */
    interface Item {
        String taskId();

        int bytes();
    }

    /** Removes and returns the next batch from {@code queue}; empty only if the queue is empty. */
    static <T extends Item> List<T> take(Queue<T> queue, int maxWrites, int maxBytes) {
        List<T> batch = new ArrayList<>();
        Set<String> tasks = new HashSet<>();
        Set<String> skipped = new HashSet<>();
        int bytes = 0;
        Iterator<T> it = queue.iterator();
        while (it.hasNext() && batch.size() < maxWrites) {
            T item = it.next();
            if (tasks.contains(item.taskId()) || skipped.contains(item.taskId())) {
                skipped.add(item.taskId());
                continue;
            }
            if (!batch.isEmpty() && bytes + item.bytes() > maxBytes) {
                break;
            }
            it.remove();
            batch.add(item);
            tasks.add(item.taskId());
            bytes += item.bytes();
        }
        return batch;
    }
}
