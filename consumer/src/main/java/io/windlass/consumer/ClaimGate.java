package io.windlass.consumer;

import io.windlass.consumer.spi.TaskRecord;
import io.windlass.consumer.time.TaskScheduler;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The ignore list with expiry: tasks this node must not claim before some time (a balancer said "not before T", the
 * node released the task recently, a claim attempt failed). When an entry expires, the task is offered again to the
 * node through {@code reoffer}. Owned by the consumer's control mailbox (not thread-safe).
 */
final class ClaimGate {
    private record Entry(TaskRecord task, Instant until, TaskScheduler.Timer timer) {
    }

    private final TaskScheduler scheduler;
    private final Consumer<Runnable> mailbox;
    private final Consumer<TaskRecord> reoffer;
    private final Map<String, Entry> entries = new HashMap<>();

    /**
     * @param mailbox posts an action to the control mailbox (timers fire on the scheduler's thread)
     * @param reoffer called on the control mailbox with the latest record when an entry expires
     */
    ClaimGate(TaskScheduler scheduler, Consumer<Runnable> mailbox, Consumer<TaskRecord> reoffer) {
        this.scheduler = scheduler;
        this.mailbox = mailbox;
        this.reoffer = reoffer;
    }

    /** True while {@code task} is ignored; the newest record offered is kept for the re-offer. */
    boolean holds(TaskRecord task, Instant now) {
        Entry e = entries.get(task.id());
        if (e == null) {
            return false;
        }
        if (!now.isBefore(e.until())) {
            e.timer().cancel();
            entries.remove(task.id());
            return false;
        }
        entries.put(task.id(), new Entry(task, e.until(), e.timer()));
        return true;
    }

    /** Ignores {@code task} until {@code until} (a later time replaces an earlier one), then re-offers it. */
    void defer(TaskRecord task, Instant until) {
        Entry old = entries.get(task.id());
        if (old != null) {
            if (!until.isAfter(old.until())) {
                entries.put(task.id(), new Entry(task, old.until(), old.timer()));
                return;
            }
            old.timer().cancel();
        }
        TaskScheduler.Timer timer = scheduler.schedule(until, () -> mailbox.accept(() -> expire(task.id(), until)));
        entries.put(task.id(), new Entry(task, until, timer));
    }

    private void expire(String taskId, Instant until) {
        Entry e = entries.get(taskId);
        if (e != null && e.until().equals(until)) {
            entries.remove(taskId);
            reoffer.accept(e.task());
        }
    }

    /** Forgets {@code taskId} and its timer (no re-offer); true if it was held. */
    boolean remove(String taskId) {
        Entry e = entries.remove(taskId);
        if (e == null) {
            return false;
        }
        e.timer().cancel();
        return true;
    }

    /** Drops every entry and its timer (shutdown). */
    void clear() {
        entries.values().forEach(e -> e.timer().cancel());
        entries.clear();
    }

    int size() {
        return entries.size();
    }
}
