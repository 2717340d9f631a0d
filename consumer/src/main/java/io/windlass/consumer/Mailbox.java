package io.windlass.consumer;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A serial queue of actions drained on a shared executor: actions of one mailbox run one at a time, in post order,
 * never concurrently, on whatever executor thread is free (so one mailbox per task costs no thread). The hand-off under
 * the mailbox's monitor gives the usual happens-before edges, so the state an owner touches only from its mailbox needs
 * no locks. {@link #post} and {@link #postFirst} may be called from any thread. An action that throws is logged; the
 * mailbox goes on.
 *
 * <p>Small when idle (one per claimed task): no queue object while nothing waits, a single waiting action is held
 * as is, and a queue is allocated only while two or more wait.
 */
final class Mailbox {
    private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);
    /** Actions run per turn before yielding the executor thread to other mailboxes. */
    private static final int BATCH = 64;

    private final String kind;
    private final String id;
    private final Executor executor;
    /** Guarded by this: null (nothing waits), one Runnable, or an ArrayDeque of them. */
    private Object waiting;
    /** Guarded by this: a drain is submitted to the executor or running. */
    private boolean scheduled;

    /** {@code kind} and {@code id} name the mailbox in logs (e.g. "task", the task id). */
    Mailbox(String kind, String id, Executor executor) {
        this.kind = kind;
        this.id = id;
        this.executor = executor;
    }

    void post(Runnable action) {
        enqueue(action, false);
    }

    /**
     * Like {@link #post}, but ahead of every action waiting now: it runs right after the action running now (when
     * called from the mailbox's own action), before anything posted earlier that has not started yet.
     */
    void postFirst(Runnable action) {
        enqueue(action, true);
    }

    private void enqueue(Runnable action, boolean first) {
        boolean submit;
        synchronized (this) {
            if (waiting == null) {
                waiting = action;
            } else if (waiting instanceof ArrayDeque<?> queue) {
                @SuppressWarnings("unchecked")
                ArrayDeque<Runnable> q = (ArrayDeque<Runnable>) queue;
                if (first) {
                    q.addFirst(action);
                } else {
                    q.addLast(action);
                }
            } else {
                ArrayDeque<Runnable> q = new ArrayDeque<>(8);
                q.addLast(first ? action : (Runnable) waiting);
                q.addLast(first ? (Runnable) waiting : action);
                waiting = q;
            }
            submit = !scheduled;
            scheduled = true;
        }
        if (submit) {
            submit();
        }
    }

    private synchronized Runnable poll() {
        if (waiting == null) {
            return null;
        }
        if (waiting instanceof ArrayDeque<?> queue) {
            Runnable next = (Runnable) queue.pollFirst();
            if (queue.isEmpty()) {
                waiting = null; // drop the queue's array: an idle mailbox holds nothing
            }
            return next;
        }
        Runnable next = (Runnable) waiting;
        waiting = null;
        return next;
    }

    private void submit() {
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            int dropped;
            synchronized (this) {
                dropped = waiting == null ? 0 : waiting instanceof ArrayDeque<?> q ? q.size() : 1;
                waiting = null;
                scheduled = false;
            }
            LOG.warn("mailbox {} {}: event loop executor rejected work ({} actions dropped: the consumer is down)",
                    kind, id, dropped);
        }
    }

    private void drain() {
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable action = poll();
                if (action == null) {
                    break;
                }
                try {
                    action.run();
                } catch (RuntimeException | Error e) {
                    LOG.error("mailbox {} {}: an action failed; the mailbox goes on", kind, id, e);
                }
            }
        } finally {
            boolean more;
            synchronized (this) {
                more = waiting != null;
                scheduled = more;
            }
            if (more) {
                submit();
            }
        }
    }

    @Override
    public String toString() {
        return "Mailbox[" + kind + " " + id + "]";
    }
}
