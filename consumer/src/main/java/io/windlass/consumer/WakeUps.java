package io.windlass.consumer;

import io.windlass.consumer.time.TaskScheduler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The wake-ups of one consumer's sleeping tasks in ONE structure: a binary min-heap of {@link SleepTimer}s by instant
 * (each timer knows its heap slot, so cancelling is O(log n) and costs no extra object), with only the earliest
 * instant armed on the {@link TaskScheduler}. So a sleeping task costs its {@code SleepTimer} and a heap slot, not a
 * scheduler timer of its own. When the armed instant comes, every due timer leaves the heap and is told on the
 * scheduler's thread ({@link SleepTimer#due}, which only posts to its task's mailbox); then the next earliest is armed.
 * Thread-safe: runners arm and cancel from their mailboxes (the monitor of this object guards the heap and each
 * timer's {@code at} and slot).
 */
final class WakeUps {
    private final TaskScheduler scheduler;
    private SleepTimer[] heap = new SleepTimer[16];
    private int size;
    private TaskScheduler.Timer armed;
    private Instant armedAt;

    WakeUps(TaskScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Puts {@code t} in the heap for {@code at} (moving it if it is there for another instant). */
    synchronized void add(SleepTimer t, Instant at) {
        if (t.slot >= 0) {
            removeAt(t.slot);
        }
        t.at = at;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = t;
        t.slot = size++;
        up(t.slot);
        armEarliest();
    }

    /** Takes {@code t} out of the heap (if there) and forgets its instant. */
    synchronized void remove(SleepTimer t) {
        if (t.slot >= 0) {
            removeAt(t.slot);
        }
        t.at = null;
        if (size == 0 && armed != null) {
            armed.cancel();
            armed = null;
            armedAt = null;
        }
    }

    synchronized int size() {
        return size;
    }

    private void fire(Instant at) {
        List<SleepTimer> due = new ArrayList<>();
        synchronized (this) {
            if (!at.equals(armedAt)) {
                return; // re-armed meanwhile for an earlier instant
            }
            armed = null;
            armedAt = null;
            Instant now = scheduler.now();
            while (size > 0 && !heap[0].at.isAfter(now)) {
                SleepTimer t = heap[0];
                removeAt(0);
                due.add(t);
            }
            armEarliest();
        }
        for (SleepTimer t : due) {
            t.due();
        }
    }

    private void armEarliest() {
        if (size == 0) {
            return;
        }
        Instant first = heap[0].at;
        if (armedAt != null && !first.isBefore(armedAt)) {
            return; // armed for it (or earlier: that firing re-arms)
        }
        if (armed != null) {
            armed.cancel();
        }
        armedAt = first;
        armed = scheduler.schedule(first, () -> fire(first));
    }

    private void removeAt(int i) {
        SleepTimer gone = heap[i];
        gone.slot = -1;
        size--;
        if (i != size) {
            SleepTimer last = heap[size];
            heap[i] = last;
            last.slot = i;
            heap[size] = null;
            down(i);
            up(last.slot);
        } else {
            heap[size] = null;
        }
        if (heap.length > 64 && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, heap.length / 2);
        }
    }

    private void up(int i) {
        SleepTimer t = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            SleepTimer p = heap[parent];
            if (!t.at.isBefore(p.at)) {
                break;
            }
            heap[i] = p;
            p.slot = i;
            i = parent;
        }
        heap[i] = t;
        t.slot = i;
    }

    private void down(int i) {
        SleepTimer t = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].at.isBefore(heap[child].at)) {
                child = right;
            }
            if (!heap[child].at.isBefore(t.at)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].slot = i;
            i = child;
        }
        heap[i] = t;
        t.slot = i;
    }
}
