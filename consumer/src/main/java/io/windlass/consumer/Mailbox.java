package io.windlass.consumer;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A serial queue of actions drained on a shared executor: actions of one mailbox run one at a time, in post order,
 * never concurrently, on whatever executor thread is free (so one mailbox per task costs no thread). The queue hand-off
 * gives the usual happens-before edges, so the state an owner touches only from its mailbox needs no locks.
 * {@link #post} may be called from any thread. An action that throws is logged; the mailbox goes on.
 */
final class Mailbox {
    private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);
    /** Actions run per turn before yielding the executor thread to other mailboxes. */
    private static final int BATCH = 64;

    private final String name;
    private final Executor executor;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    Mailbox(String name, Executor executor) {
        this.name = name;
        this.executor = executor;
    }

    void post(Runnable action) {
        queue.add(action);
        trySchedule();
    }

    private void trySchedule() {
        if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                LOG.warn("mailbox {}: event loop executor rejected work ({} actions dropped: the consumer is down)",
                        name, queue.size());
                queue.clear();
            }
        }
    }

    private void drain() {
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable action = queue.poll();
                if (action == null) {
                    break;
                }
                try {
                    action.run();
                } catch (RuntimeException | Error e) {
                    LOG.error("mailbox {}: an action failed; the mailbox goes on", name, e);
                }
            }
        } finally {
            scheduled.set(false);
            trySchedule();
        }
    }

    @Override
    public String toString() {
        return "Mailbox[" + name + "]";
    }
}
